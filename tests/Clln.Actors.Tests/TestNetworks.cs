using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;

namespace Clln.Actors.Tests;

/// <summary>Small networks with conductances over two decades and a few held nodes, all from one seed.</summary>
internal static class TestNetworks
{
    /// <summary>A lattice with an input at the first node, a bias in the middle and ground at the last.</summary>
    public static Network Lattice(int rows, int columns, bool periodic, int seed)
    {
        var topology = Topology.SquareLattice(rows, columns, periodic);
        var names = topology.NodeNames;
        var held = new Dictionary<string, (NodeRole, double)>
        {
            [names[0]] = (NodeRole.Input, 1.0),
            [names[names.Length / 2 + columns / 2]] = (NodeRole.Bias, -0.4),
            [names[^1]] = (NodeRole.Ground, 0.0),
        };
        return topology.ToNetwork(Conductances(topology.EdgeCount, seed), held);
    }

    /// <summary>A connected random graph with a ground and three inputs of either sign.</summary>
    public static Network Random(int nodes, int edges, int seed)
    {
        var topology = Topology.RandomConnected(nodes, edges, seed);
        var random = new Random(seed);
        var held = new Dictionary<string, (NodeRole, double)> { [topology.NodeNames[0]] = (NodeRole.Ground, 0.0) };
        for (var h = 1; h <= 3; h++)
            held[topology.NodeNames[h * nodes / 4]] = (NodeRole.Input, Math.Round(-1.5 + 3 * random.NextDouble(), 3));
        return topology.ToNetwork(Conductances(topology.EdgeCount, seed + 1), held);
    }

    /// <summary>
    /// A badly conditioned netlist, as people meet them: a random spanning tree plus
    /// <paramref name="extraEdges"/> chords, resistances log-uniform over
    /// <paramref name="decades"/> decades from 1 ohm, a ground and <paramref name="sources"/>
    /// voltage sources of either sign at distinct nodes.
    /// </summary>
    public static Network IllConditioned(int nodes, int extraEdges, double decades, int sources, int seed)
    {
        var topology = Topology.RandomConnected(nodes, Math.Min(nodes - 1 + extraEdges, nodes * (nodes - 1) / 2), seed);
        var random = new Random(seed + 1);
        var k = Enumerable.Range(0, topology.EdgeCount).Select(_ => Math.Pow(10, -decades * random.NextDouble())).ToArray();
        var held = new Dictionary<string, (NodeRole, double)> { [topology.NodeNames[0]] = (NodeRole.Ground, 0.0) };
        foreach (var i in Enumerable.Range(1, nodes - 1).OrderBy(_ => random.Next()).Take(Math.Min(sources, nodes - 1)))
            held[topology.NodeNames[i]] = (NodeRole.Input, Math.Round(-2 + 4 * random.NextDouble(), 3));
        return topology.ToNetwork(j => new Resistor(k[j]), held);
    }

    private static Func<int, IEdgeElement> Conductances(int count, int seed)
    {
        var random = new Random(seed);
        var k = Enumerable.Range(0, count).Select(_ => Math.Pow(10, -1 + 2 * random.NextDouble())).ToArray();
        return j => new Resistor(k[j]);
    }
}
