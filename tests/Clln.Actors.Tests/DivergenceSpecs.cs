using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;

namespace Clln.Actors.Tests;

/// <summary>
/// Divergence in the clocked schedule is part of its repeatable result: the same node and the
/// same sweep are named on every run, however the threads interleave.
/// </summary>
public sealed class DivergenceSpecs : EngineSpec
{
    /// <summary>Volts: so large that a node's sum of neighbour currents overflows a double in sweep 2.</summary>
    private const double Huge = 1.7e308;

    /// <summary>
    /// An 8x8 periodic lattice of 1 S resistors, ground at n3_3, and four nodes of one colour
    /// (n1_1, n1_5, n5_1, n5_5) held at <see cref="Huge"/> volts. Every free node starts at 0 V.
    /// By hand: in sweep 1 each held node's four neighbours (the other colour) move to Huge/4;
    /// in sweep 2 their own neighbours move to Huge/16 or Huge/8, and then each of the sixteen
    /// neighbours of a held node sums Huge plus at least 3 Huge/16 of source current, past the
    /// largest double: sixteen nodes of one colour step go infinite at once, and no other node
    /// can (a sum of four values of at most Huge/4). The lowest-numbered of them is n0_1.
    /// The edges are numbered backwards, so the low-numbered nodes hear their news last and are
    /// ticked late in their step: the first report to arrive is then usually another node's
    /// (n0_5 on most runs when the coordinator named the first).
    /// </summary>
    internal static Network Overflowing()
    {
        var topology = Topology.SquareLattice(8, 8, periodic: true);
        var held = new Dictionary<string, (NodeRole, double)> { ["n3_3"] = (NodeRole.Ground, 0.0) };
        foreach (var name in new[] { "n1_1", "n1_5", "n5_1", "n5_5" }) held[name] = (NodeRole.Bias, Huge);
        var lattice = topology.ToNetwork(_ => new Resistor(1), held);
        var builder = new NetworkBuilder();
        foreach (var node in lattice.Nodes) builder.AddNode(node);
        foreach (var edge in lattice.Edges.Reverse()) builder.AddEdge(edge.Name, lattice.Nodes[edge.From].Name, lattice.Nodes[edge.To].Name, edge.Element);
        return builder.Build();
    }

    [Fact]
    public async Task Clocked_divergence_names_the_lowest_diverging_node_and_its_sweep_on_every_run()
    {
        var network = Overflowing();
        Assert.Equal(1, network.IndexOf("n0_1")); // the lowest index among the sixteen
        for (var run = 0; run < 12; run++)
        {
            var e = await Assert.ThrowsAsync<RelaxationException>(() => SolveAsync(network, new ActorEngineOptions { Schedule = Schedule.Clocked }));
            Assert.Equal("relaxation diverged at node 'n0_1' in sweep 2 (omega 1, clocked schedule)", e.Message);
        }
    }
}
