using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;
using Xunit.Abstractions;

namespace Clln.Core.Tests.Formats;

/// <summary>
/// ngspice's level-1 MOSFET as the independent truth for transistor networks: exported netlists
/// run in ngspice unchanged, and its operating point matches the Newton reference solver within
/// 1e-6 V (ngspice keeps a gmin of 1e-12 S from each channel terminal to the bulk, and its own
/// convergence tolerances; measured agreement is printed).
/// </summary>
public sealed class NgspiceTransistorTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_mixed_lab_lattice_agrees_with_ngspice(int seed)
    {
        var network = SpiceTransistorTests.MixedLattice(seed);
        AssertAgreement(network, SpiceNetlist.Write(network));
    }

    [Theory]
    [InlineData(11, 20, 40, 1.0)]
    [InlineData(12, 30, 60, 0.7)]
    [InlineData(13, 25, 24, 1.0)] // a tree: every transistor a bridge
    public void Random_transistor_networks_agree_with_ngspice(int seed, int nodes, int edges, double transistorShare)
    {
        var topology = Topology.RandomConnected(nodes, edges, seed);
        var random = new Random(seed);
        var held = new Dictionary<string, (NodeRole, double)>
        {
            ["n0"] = (NodeRole.Ground, 0.0),
            ["n1"] = (NodeRole.Input, 0.5 + 1.5 * random.NextDouble()),
            ["n2"] = (NodeRole.Bias, 0.5 + 1.5 * random.NextDouble()),
        };
        // Gates 2 V to 3 V: overdrives 1.4 V to 2.4 V, above some inputs (saturation), below none of them by much.
        var network = topology.ToNetwork(j => random.NextDouble() < transistorShare
            ? new Transistor(2.0 + random.NextDouble(), 0.5 + 0.2 * random.NextDouble(), 2e-4 + 1e-3 * random.NextDouble())
            : new Resistor(1e-4 + 1e-3 * random.NextDouble()), held);
        AssertAgreement(network, SpiceNetlist.Write(network));
    }

    [Fact]
    public void A_saturated_stage_agrees_with_ngspice()
    {
        // in (3 V) -M1- out -R- ground: M1 saturates (A = 1.38 V < 3 V); the ohmic-law root would be wrong.
        var network = new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 3).AddNode("out").AddNode("gnd", NodeRole.Ground)
            .AddEdge("m1", "in", "out", new Transistor(2.0)).AddEdge("r", "out", "gnd", Resistor.FromResistance(2000)).Build();
        AssertAgreement(network, SpiceNetlist.Write(network));
    }

    /// <summary>Written by hand: model after its users, W/L and M factors, bulk tied to source, a gate source from ground upward.</summary>
    [Fact]
    public void A_hand_written_transistor_netlist_means_the_same_to_ngspice_and_the_reader()
    {
        const string netlist = """
            hand-written level-1 NMOS network
            Vin in 0 DC 1.5
            Vb bias 0 0.3
            M1 in g1 mid mid nch W=20u L=10u
            M2 mid g2 out 0 nch W=10u L=10u M=2
            M3 out g3 bias bias other L=5u W=5u
            R1 mid 0 4.7k
            R2 out in 10k
            VG1 g1 0 DC 2.4
            VG2 0 g2 DC -2.1
            VG3 g3 gnd 1.9
            .model nch NMOS (LEVEL=1 VTO=0.62 KP=425u LAMBDA=0 GAMMA=0 IS=0)
            .model other nmos (vto=0.5 kp=0.9m is=0)
            .op
            .end
            """;
        var network = SpiceNetlist.Read(netlist, "hand.cir").Network;
        Assert.Equal(3, network.Edges.Count(e => e.Element is Transistor));
        AssertAgreement(network, netlist);
    }

    private void AssertAgreement(Network network, string netlist)
    {
        var worst = NgspiceRunner.LargestDifferenceFromReference(network, netlist);
        output.WriteLine($"{network.NodeCount} nodes, {network.EdgeCount} edges ({network.Edges.Count(e => e.Element is Transistor)} transistors): max |V_ngspice - V_reference| = {worst:E2} V");
        Assert.True(worst <= Tolerance, $"ngspice and the reference solver differ by {worst:E3} V (tolerance {Tolerance:E0} V)");
    }
}
