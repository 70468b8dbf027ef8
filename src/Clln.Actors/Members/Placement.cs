using Clln.Actors.Faults;
using Clln.Core.Model;

namespace Clln.Actors.Members;

/// <summary>
/// Which partition hosts every node and every edge. <see cref="Graph"/> cuts the network into
/// connected blocks of equal size (recursive breadth-first bisection), so messages cross
/// partitions only at block borders; <see cref="Hash"/> scatters actors as a hash-keyed
/// placement would (the benchmark's baseline).
/// </summary>
public sealed record Placement(int Partitions, int[] NodePartition, int[] EdgePartition)
{
    /// <summary>
    /// Recursive bisection: each part is grown breadth-first from a far corner of its block
    /// (a pseudo-peripheral node) until it holds its share of nodes; on a lattice that cuts
    /// along diagonals, on any graph it keeps parts connected where the graph allows. An edge goes
    /// with its From node. Deterministic: the same network gives the same blocks on every member.
    /// </summary>
    public static Placement Graph(Network network, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var part = new int[network.NodeCount];
        Split(network, Enumerable.Range(0, network.NodeCount).ToArray(), partitions, 0, part);
        var edges = network.Edges.Select(e => part[e.From]).ToArray();
        return new Placement(partitions, part, edges);
    }

    /// <summary>Every node and edge on a partition drawn from a hash of its index (seeded, so repeatable).</summary>
    public static Placement Hash(Network network, int partitions, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        int Of(int kind, int index) => (int)(SplitMix.Stream(seed, kind, index, 0) % (ulong)partitions);
        return new Placement(partitions,
            Enumerable.Range(0, network.NodeCount).Select(i => Of(1, i)).ToArray(),
            Enumerable.Range(0, network.EdgeCount).Select(j => Of(2, j)).ToArray());
    }

    /// <summary>
    /// Whether every edge sits on the partition of one of its nodes (the graph placement's edges
    /// go with their From node). Then a message crosses partitions at most once on its way from a
    /// ticked node to the nodes that hear of it, and back once to the mover: what lets the
    /// partitions step the clocked schedule among themselves (see <see cref="PartitionClock"/>).
    /// </summary>
    public static bool EdgesBesideATerminal(Network network, int[] nodePartition, int[] edgePartition) =>
        network.Edges.Select((e, j) => edgePartition[j] == nodePartition[e.From] || edgePartition[j] == nodePartition[e.To]).All(beside => beside);

    /// <summary>Node-edge links whose two ends sit on different partitions (each edge has two links).</summary>
    public long CrossLinks(Network network)
    {
        long cross = 0;
        for (var j = 0; j < network.EdgeCount; j++)
        {
            var e = network.Edges[j];
            if (e.From == e.To) continue;
            if (NodePartition[e.From] != EdgePartition[j]) cross++;
            if (NodePartition[e.To] != EdgePartition[j]) cross++;
        }
        return cross;
    }

    private static void Split(Network network, int[] block, int parts, int first, int[] part)
    {
        if (parts == 1 || block.Length <= 1)
        {
            foreach (var i in block) part[i] = first;
            return;
        }
        var partsA = parts / 2;
        var sizeA = (int)((long)block.Length * partsA / parts);
        var order = BreadthFirst(network, block, Farthest(network, block));
        var a = order[..sizeA];
        var b = order[sizeA..];
        Array.Sort(a);
        Array.Sort(b);
        Split(network, a, partsA, first, part);
        Split(network, b, parts - partsA, first + partsA, part);
    }

    /// <summary>A pseudo-peripheral node of the block: the last one reached breadth-first from its first node.</summary>
    private static int Farthest(Network network, int[] block) => BreadthFirst(network, block, block[0])[^1];

    /// <summary>Every node of the block in breadth-first order from <paramref name="start"/> (other components after, in index order).</summary>
    private static int[] BreadthFirst(Network network, int[] block, int start)
    {
        var inBlock = new HashSet<int>(block);
        var seen = new HashSet<int> { start };
        var order = new List<int>(block.Length) { start };
        var next = 0;
        var restart = 0;
        while (order.Count < block.Length)
        {
            if (next == order.Count)
            {
                while (seen.Contains(block[restart])) restart++;
                seen.Add(block[restart]);
                order.Add(block[restart]);
            }
            var i = order[next++];
            foreach (var j in network.IncidentEdges[i])
            {
                var e = network.Edges[j];
                var other = e.From == i ? e.To : e.From;
                if (inBlock.Contains(other) && seen.Add(other)) order.Add(other);
            }
        }
        return order.ToArray();
    }
}
