using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;

namespace Clln.Core.Damage;

/// <summary>
/// The network that is left after damage: cut edges and dead nodes (with their edges) removed,
/// shorted edges at their largest conductance, and every component left with no held node
/// (floating: its voltages are undefined) left out, so the rest can still be solved and measured.
/// Maps each remaining node and edge to its index in the intact network.
/// </summary>
public sealed class DamagedNetwork
{
    private DamagedNetwork(Network network, int[] edgeOrigin, int[] nodeOf, bool[] frozen, string[] floating)
    {
        Network = network;
        EdgeOrigin = edgeOrigin;
        NodeOf = nodeOf;
        Frozen = frozen;
        FloatingNodes = floating;
    }

    /// <summary>What remains, with the elements given (shorts applied).</summary>
    public Network Network { get; }

    /// <summary>Per remaining edge, its index in the intact network.</summary>
    public int[] EdgeOrigin { get; }

    /// <summary>Per intact node, its index in <see cref="Network"/>, or -1 when dead or floating.</summary>
    public int[] NodeOf { get; }

    /// <summary>Per remaining edge: true when it cannot learn (stuck or shorted).</summary>
    public bool[] Frozen { get; }

    /// <summary>Nodes left out because their component lost every held node.</summary>
    public string[] FloatingNodes { get; }

    /// <summary>
    /// Applies <paramref name="plan"/> to <paramref name="intact"/> with its edges at
    /// <paramref name="elements"/> (indexed like the intact edges). Throws
    /// <see cref="BadInputException"/> when no edge joins two remaining nodes.
    /// </summary>
    public static DamagedNetwork Apply(Network intact, DamagePlan plan, IReadOnlyList<IEdgeElement> elements, ILearningRule rule)
    {
        var dead = new bool[intact.NodeCount];
        foreach (var i in plan.DeadNodes) dead[i] = true;
        var cut = new bool[intact.EdgeCount];
        foreach (var j in plan.Cut) cut[j] = true;
        var kept = Enumerable.Range(0, intact.EdgeCount).Where(j => !cut[j] && !dead[intact.Edges[j].From] && !dead[intact.Edges[j].To]).ToList();

        // Components of what is left; those with no held node float.
        var parent = Enumerable.Range(0, intact.NodeCount).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var j in kept) parent[Find(intact.Edges[j].From)] = Find(intact.Edges[j].To);
        var anchored = new bool[intact.NodeCount];
        for (var i = 0; i < intact.NodeCount; i++)
            if (!dead[i] && intact.Nodes[i].IsHeld) anchored[Find(i)] = true;
        var floating = Enumerable.Range(0, intact.NodeCount).Where(i => !dead[i] && !anchored[Find(i)]).ToArray();
        var gone = dead.ToArray();
        foreach (var i in floating) gone[i] = true;
        kept.RemoveAll(j => gone[intact.Edges[j].From]);
        if (kept.Count == 0) throw new BadInputException("the damage leaves no edge between held and free nodes: nothing to train");

        var shorted = new bool[intact.EdgeCount];
        foreach (var j in plan.Shorted) shorted[j] = true;
        var stuck = new bool[intact.EdgeCount];
        foreach (var j in plan.Stuck) stuck[j] = true;

        var builder = new NetworkBuilder();
        var nodeOf = Enumerable.Repeat(-1, intact.NodeCount).ToArray();
        for (var i = 0; i < intact.NodeCount; i++)
        {
            if (gone[i]) continue;
            nodeOf[i] = builder.NodeCount;
            builder.AddNode(intact.Nodes[i]);
        }
        foreach (var j in kept)
        {
            var edge = intact.Edges[j];
            builder.AddEdge(edge.Name, intact.Nodes[edge.From].Name, intact.Nodes[edge.To].Name, shorted[j] ? rule.Shorted(elements[j]) : elements[j]);
        }
        return new DamagedNetwork(builder.Build(), kept.ToArray(), nodeOf, kept.Select(j => shorted[j] || stuck[j]).ToArray(),
            floating.Select(i => intact.Nodes[i].Name).ToArray());
    }
}
