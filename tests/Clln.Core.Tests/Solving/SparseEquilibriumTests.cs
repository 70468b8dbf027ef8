using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;

namespace Clln.Core.Tests.Solving;

/// <summary>
/// The equilibrium solver on networks past its dense threshold, where the sparse factor does the
/// work: against a dense solve of the Kirchhoff system written out here, and against Kirchhoff's law.
/// </summary>
public sealed class SparseEquilibriumTests
{
    [Theory]
    [InlineData(14, true)]
    [InlineData(15, false)]
    public void A_lattice_with_parallel_edges_and_a_self_loop_matches_a_dense_solve(int side, bool periodic)
    {
        var network = LatticeWithExtras(side, periodic);
        var solver = new LinearEquilibriumSolver(network);
        Assert.True(solver.FreeNodeCount > LinearEquilibriumSolver.DenseThreshold, "the sparse factor should be in use");

        var expected = DenseEquilibrium(network);
        var actual = solver.Solve(network.HeldVoltages());
        for (var i = 0; i < network.NodeCount; i++)
            Assert.True(Math.Abs(actual.Voltages[i] - expected[i]) <= 1e-12, $"node {network.Nodes[i].Name}: {actual.Voltages[i]} vs {expected[i]}");

        var net = actual.NetCurrentOut(network);
        for (var i = 0; i < network.NodeCount; i++)
        {
            if (network.Nodes[i].IsHeld) continue;
            var through = network.IncidentEdges[i].Sum(j => Math.Abs(actual.Currents[j]));
            Assert.True(Math.Abs(net[i]) <= 1e-12 * through, $"node {network.Nodes[i].Name}: net current {net[i]} of {through}");
        }
    }

    [Fact]
    public void New_conductances_on_a_large_network_give_the_fresh_solve()
    {
        var network = LatticeWithExtras(16, periodic: true);
        var solver = new LinearEquilibriumSolver(network);
        var random = new Random(4);
        var conductances = network.Edges.Select(_ => 0.1 + 2 * random.NextDouble()).ToArray();
        solver.SetConductances(conductances);
        var updated = network.WithElements(conductances.Select(k => (IEdgeElement)new Resistor(k)).ToArray());
        var expected = DenseEquilibrium(updated);
        var actual = solver.Solve(network.HeldVoltages()).Voltages;
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
    }

    /// <summary>A lattice with random conductances, three held nodes, a doubled edge and a self-loop.</summary>
    private static Network LatticeWithExtras(int side, bool periodic)
    {
        var topology = Topology.SquareLattice(side, side, periodic);
        var random = new Random(side);
        var builder = new NetworkBuilder();
        foreach (var name in topology.NodeNames) builder.AddNode(name);
        builder.Hold(topology.NodeNames[0], 1.0);
        builder.Hold(topology.NodeNames[side * side / 2], 0.25);
        builder.Hold(topology.NodeNames[side * side - 1], 0.0, NodeRole.Ground);
        for (var j = 0; j < topology.EdgeCount; j++)
            builder.AddEdge(topology.EdgeNames[j], topology.NodeNames[topology.Pairs[j].From], topology.NodeNames[topology.Pairs[j].To], new Resistor(0.5 + random.NextDouble()));
        builder.AddEdge("parallel", topology.NodeNames[side + 1], topology.NodeNames[side + 2], new Resistor(2.0));
        builder.AddEdge("loop", topology.NodeNames[side + 3], topology.NodeNames[side + 3], new Resistor(5.0));
        return builder.Build("test lattice");
    }

    /// <summary>Kirchhoff's equations for the free nodes written out densely and solved by the dense Cholesky.</summary>
    private static double[] DenseEquilibrium(Network network)
    {
        var free = Enumerable.Range(0, network.NodeCount).Where(i => !network.Nodes[i].IsHeld).ToArray();
        var row = Enumerable.Repeat(-1, network.NodeCount).ToArray();
        for (var r = 0; r < free.Length; r++) row[free[r]] = r;
        var edges = new List<(int, int, double)>();
        var diagonal = new double[free.Length];
        var rhs = new double[free.Length];
        foreach (var e in network.Edges)
        {
            var k = e.Element.LinearConductance!.Value;
            var (a, b) = (row[e.From], row[e.To]);
            if (a >= 0 && b >= 0) edges.Add((a, b, k));
            else if (a >= 0) { diagonal[a] += k; rhs[a] += k * network.Nodes[e.To].Voltage; }
            else if (b >= 0) { diagonal[b] += k; rhs[b] += k * network.Nodes[e.From].Voltage; }
        }
        var x = SpdMatrix.Laplacian(free.Length, edges, diagonal).SolveDense(rhs);
        var voltages = network.Nodes.Select(n => n.IsHeld ? n.Voltage : 0.0).ToArray();
        for (var r = 0; r < free.Length; r++) voltages[free[r]] = x[r];
        return voltages;
    }
}
