using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Core.Damage;

/// <summary>
/// Which edges and nodes of the intact network the damage hits, by index: chosen by name and by
/// fraction, each model from its own seeded stream (so cutting more never changes which edges are
/// shorted). An element hit twice takes the worst: a dead node's edges go, then cut, short, stuck.
/// </summary>
public sealed record DamagePlan(int[] Cut, int[] Shorted, int[] Stuck, int[] DeadNodes)
{
    public static DamagePlan None { get; } = new([], [], [], []);

    public bool IsEmpty => Cut.Length == 0 && Shorted.Length == 0 && Stuck.Length == 0 && DeadNodes.Length == 0;

    /// <summary>The experiment's damage on this network; unknown names, or a held or output node named dead, are errors naming the field.</summary>
    public static DamagePlan Choose(Experiment e, Network network)
    {
        var edges = Enumerable.Range(0, network.EdgeCount).ToArray();
        int EdgeIndex(string field, string name) =>
            Enumerable.Range(0, network.EdgeCount).FirstOrDefault(j => string.Equals(network.Edges[j].Name, name, StringComparison.OrdinalIgnoreCase), -1) is var j and >= 0
                ? j
                : throw new BadInputException($"experiment field {field}: unknown edge '{name}'");
        int[] Edges(string field, string[]? names, double fraction, NoiseModel model) =>
            (names ?? []).Select(n => EdgeIndex(field, n)).Concat(Draw(edges, fraction, e.Seed, model)).Distinct().Order().ToArray();

        // A dead source or output would change the task, not the network: only free nodes die.
        var free = Enumerable.Range(0, network.NodeCount).Where(i => network.Nodes[i].Role == NodeRole.Free).ToArray();
        var named = (e.DeadNodes ?? []).Select(name =>
        {
            if (!network.TryGetIndex(name, out var i)) throw new BadInputException($"experiment field dead_nodes: unknown node '{name}'");
            if (network.Nodes[i].Role != NodeRole.Free)
                throw new BadInputException($"experiment field dead_nodes: node '{network.Nodes[i].Name}' is {network.Nodes[i].Role.Word()}; only free nodes can die");
            return i;
        });
        return new DamagePlan(
            Edges("cut_edges", e.CutEdges, e.CutFraction, NoiseModel.Cut),
            Edges("short_edges", e.ShortEdges, e.ShortFraction, NoiseModel.Short),
            Edges("stuck_edges", e.StuckEdges, e.StuckFraction, NoiseModel.Stuck),
            named.Concat(Draw(free, e.DeadFraction, e.Seed, NoiseModel.DeadNode)).Distinct().Order().ToArray());
    }

    /// <summary>round(fraction x count) of the candidates, a uniformly random subset from the model's own stream.</summary>
    private static IEnumerable<int> Draw(int[] candidates, double fraction, int seed, NoiseModel model)
    {
        var count = (int)Math.Round(fraction * candidates.Length, MidpointRounding.AwayFromZero);
        if (count == 0) return [];
        var shuffled = candidates.ToArray();
        new Random(SeededNoise.StreamSeed(seed, model)).Shuffle(shuffled);
        return shuffled.Take(count);
    }
}
