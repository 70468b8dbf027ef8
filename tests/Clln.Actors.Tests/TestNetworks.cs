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

    private static Func<int, IEdgeElement> Conductances(int count, int seed)
    {
        var random = new Random(seed);
        var k = Enumerable.Range(0, count).Select(_ => Math.Pow(10, -1 + 2 * random.NextDouble())).ToArray();
        return j => new Resistor(k[j]);
    }
}
