using Clln.Core.Elements;

namespace Clln.Core.Model;

/// <summary>
/// A validated network: named nodes (free or held at a voltage) joined by edges whose elements give
/// their currents. Build one with <see cref="NetworkBuilder"/>, a topology, or a file reader.
/// </summary>
/// <remarks>
/// Invariants, checked once on construction: at least one node and one edge, unique names
/// (compared ignoring case, as SPICE does), edges between existing nodes, and every connected
/// component touching a held node, so the equilibrium exists and is unique.
/// </remarks>
public sealed class Network
{
    private readonly Dictionary<string, int> _nodeIndex;
    private int[][]? _incidentEdges;

    internal Network(IReadOnlyList<Node> nodes, IReadOnlyList<Edge> edges, Dictionary<string, int> nodeIndex)
    {
        Nodes = nodes;
        Edges = edges;
        _nodeIndex = nodeIndex;
    }

    public IReadOnlyList<Node> Nodes { get; }
    public IReadOnlyList<Edge> Edges { get; }

    public int NodeCount => Nodes.Count;
    public int EdgeCount => Edges.Count;

    /// <summary>Index of the node with this name (ignoring case), or throws naming the unknown node.</summary>
    public int IndexOf(string nodeName) =>
        _nodeIndex.TryGetValue(nodeName, out var index)
            ? index
            : throw new InvalidNetworkException($"unknown node '{nodeName}'");

    public bool TryGetIndex(string nodeName, out int index) => _nodeIndex.TryGetValue(nodeName, out index);

    /// <summary>For each node, the indices of the edges that touch it (a self-loop is listed once).</summary>
    public IReadOnlyList<int[]> IncidentEdges => _incidentEdges ??= BuildIncidence();

    /// <summary>True when every element is linear, so one sparse solve gives the equilibrium.</summary>
    public bool IsLinear => Edges.All(e => e.Element.LinearConductance is not null);

    /// <summary>The voltage each held node is held at, NaN for free nodes: the default boundary conditions.</summary>
    public double[] HeldVoltages() => Nodes.Select(n => n.IsHeld ? n.Voltage : double.NaN).ToArray();

    /// <summary>The default boundary conditions with <paramref name="nodes"/> held at <paramref name="volts"/> instead (a sample's inputs).</summary>
    public double[] HeldVoltages(IReadOnlyList<int> nodes, IReadOnlyList<double> volts)
    {
        var held = HeldVoltages();
        for (var i = 0; i < nodes.Count; i++) held[nodes[i]] = volts[i];
        return held;
    }

    /// <summary>The same nodes and wiring with new edge elements (after learning, say).</summary>
    public Network WithElements(IReadOnlyList<IEdgeElement> elements)
    {
        if (elements.Count != Edges.Count)
            throw new ArgumentException($"expected {Edges.Count} elements, got {elements.Count}", nameof(elements));
        var edges = Edges.Select((e, i) => e with { Element = elements[i] }).ToArray();
        return new Network(Nodes, edges, _nodeIndex);
    }

    /// <summary>The same wiring with new node roles and voltages (a task choosing its inputs and outputs).</summary>
    public Network WithNodes(IReadOnlyList<Node> nodes)
    {
        var builder = new NetworkBuilder();
        foreach (var node in nodes) builder.AddNode(node);
        foreach (var edge in Edges) builder.AddEdge(edge.Name, nodes[edge.From].Name, nodes[edge.To].Name, edge.Element);
        return builder.Build();
    }

    private int[][] BuildIncidence()
    {
        var lists = Enumerable.Range(0, NodeCount).Select(_ => new List<int>()).ToArray();
        for (var j = 0; j < Edges.Count; j++)
        {
            lists[Edges[j].From].Add(j);
            if (Edges[j].To != Edges[j].From) lists[Edges[j].To].Add(j);
        }
        return lists.Select(l => l.ToArray()).ToArray();
    }
}
