using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;
using CsCheck;

namespace Clln.Core.Tests.Topologies;

public sealed class TopologyTests
{
    [Fact]
    public void The_lab_lattice_is_4x4_periodic_with_16_nodes_and_32_edges_each_node_of_degree_4()
    {
        var t = Topology.SquareLattice(4, 4, periodic: true);
        Assert.Equal(16, t.NodeCount);
        Assert.Equal(32, t.EdgeCount);
        var degree = new int[16];
        foreach (var (a, b) in t.Pairs) { degree[a]++; degree[b]++; }
        Assert.All(degree, d => Assert.Equal(4, d));
        Assert.Equal(32, t.Pairs.Select(p => (Math.Min(p.From, p.To), Math.Max(p.From, p.To))).Distinct().Count());
    }

    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(3, 5, 22)]
    [InlineData(10, 10, 180)]
    public void An_open_lattice_has_rows_times_columns_minus_one_edges_each_way(int rows, int columns, int edges) =>
        Assert.Equal(edges, Topology.SquareLattice(rows, columns, periodic: false).EdgeCount);

    [Fact]
    public void Lattices_too_small_to_wrap_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Topology.SquareLattice(2, 4, periodic: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => Topology.SquareLattice(1, 1, periodic: false));
    }

    [Fact]
    public void Random_graphs_are_connected_simple_of_the_asked_size_and_the_same_for_a_seed()
    {
        Gen.Select(Gen.Int[2, 40], Gen.Int[0, 200], Gen.Int).Sample((nodes, extra, seed) =>
        {
            var edges = Math.Min(nodes - 1 + extra, nodes * (nodes - 1) / 2);
            var t = Topology.RandomConnected(nodes, edges, seed);
            Assert.Equal(edges, t.EdgeCount);
            Assert.All(t.Pairs, p => Assert.NotEqual(p.From, p.To));
            Assert.Equal(edges, t.Pairs.Select(p => (Math.Min(p.From, p.To), Math.Max(p.From, p.To))).Distinct().Count());
            // Connected: holding one node must leave nothing floating.
            t.ToNetwork(_ => new Resistor(1), new Dictionary<string, (NodeRole, double)> { [t.NodeNames[0]] = (NodeRole.Ground, 0) });
            Assert.Equal(t.Pairs, Topology.RandomConnected(nodes, edges, seed).Pairs);
        }, iter: 200);
    }

    [Fact]
    public void Impossible_edge_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Topology.RandomConnected(10, 8, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Topology.RandomConnected(10, 46, 1));
    }

    [Fact]
    public void Holding_an_unknown_node_is_refused()
    {
        var t = Topology.SquareLattice(3, 3, periodic: false);
        Assert.Throws<InvalidNetworkException>(() => t.ToNetwork(_ => new Resistor(1), new Dictionary<string, (NodeRole, double)> { ["zz"] = (NodeRole.Ground, 0) }));
    }
}
