using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;
using Xunit.Abstractions;

namespace Clln.Core.Tests.Formats;

/// <summary>
/// ngspice as the independent truth: netlists written by <see cref="SpiceNetlist.Write"/> run in
/// ngspice unchanged, and its operating point matches the reference solver to 1e-9 V; netlists
/// written by hand mean the same to ngspice and to the reader.
/// </summary>
public class NgspiceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    [Theory]
    [InlineData(1, 20, 40)]
    [InlineData(2, 25, 60)]
    [InlineData(3, 30, 45)]
    [InlineData(4, 40, 100)]
    [InlineData(5, 24, 23)] // a tree: every edge a bridge
    public void Random_networks_agree_with_ngspice(int seed, int nodes, int edges)
    {
        var random = new Random(seed);
        var topology = Topology.RandomConnected(nodes, edges, seed);
        // Resistances log-uniform over three decades, 100 ohm to 100 kohm.
        var ohms = Enumerable.Range(0, edges).Select(_ => Math.Pow(10, 2 + 3 * random.NextDouble())).ToArray();
        var held = new Dictionary<string, (NodeRole, double)>
        {
            ["n0"] = (NodeRole.Ground, 0.0), // a ground node not named 0: tied to 0 by a 0 V source
            ["n1"] = (NodeRole.Input, 4 * random.NextDouble() - 2),
            ["n2"] = (NodeRole.Input, 4 * random.NextDouble() - 2),
            ["n3"] = (NodeRole.Bias, 4 * random.NextDouble() - 2),
        };
        var network = topology.ToNetwork(j => Resistor.FromResistance(ohms[j]), held);

        AssertAgreement(network, SpiceNetlist.Write(network));
    }

    [Fact]
    public void The_lab_lattice_agrees_with_ngspice()
    {
        var network = SpiceWriteTests.Lattice(); // input at 0 V, bias, output, ground named n0_0
        AssertAgreement(network, SpiceNetlist.Write(network));
    }

    [Fact]
    public void A_larger_open_lattice_with_ground_named_0_agrees_with_ngspice()
    {
        var random = new Random(11);
        var topology = Topology.SquareLattice(8, 8, periodic: false);
        var lattice = topology.ToNetwork(
            _ => Resistor.FromResistance(Math.Pow(10, 1 + 4 * random.NextDouble())),
            new Dictionary<string, (NodeRole, double)> { ["n7_7"] = (NodeRole.Ground, 0), ["n0_0"] = (NodeRole.Input, 5), ["n0_7"] = (NodeRole.Input, -3) });
        // Rename the ground node to SPICE's own name for ground, so no tie source is written.
        var network = lattice.WithNodes(lattice.Nodes.Select(n => n.Name == "n7_7" ? n with { Name = "0" } : n).ToList());

        var netlist = SpiceNetlist.Write(network);
        Assert.DoesNotContain("V0 ", netlist);
        AssertAgreement(network, netlist);
    }

    /// <summary>The reader's reading of SPICE (suffixes, units, source sign, gnd, comments) against ngspice's.</summary>
    [Fact]
    public void A_hand_written_netlist_means_the_same_to_ngspice_and_the_reader()
    {
        const string netlist =
            """
            every feature the reader understands
            * a comment
            V1 0 neg DC 1.5        ; holds neg at -1.5 V
            Vin In GND 2.5V
            Rload in mid 4.7kohm
            R2 mid 0 1meg $ a comment
            r3 MID neg 330
            +
            R4 mid out
            * a comment inside a continued line
            + 2.2k // a comment
            R5 out gnd 10K
            R6 out neg 1e3
            R7 in out 1.5e+3
            R8 neg 0 100mil
            R9 out x 12.5
            R10 x 0 0.2meg
            .op
            .end
            """;
        var network = SpiceNetlist.Read(netlist, "hand.cir").Network;
        Assert.Equal(10, network.EdgeCount);

        AssertAgreement(network, netlist);
    }

    [Fact]
    public void The_example_netlist_runs_in_ngspice_as_it_is()
    {
        var text = File.ReadAllText(SpiceReadTests.RepositoryFile("data/divider.cir"));
        AssertAgreement(SpiceNetlist.Read(text, "divider.cir").Network, text);
    }

    [Fact]
    public void The_json_example_exported_to_spice_runs_in_ngspice_and_reads_back_intact()
    {
        var network = NetworkJson.ReadFile(SpiceReadTests.RepositoryFile("data/lattice-4x4.json"));
        var netlist = SpiceNetlist.Write(network);

        SpiceWriteTests.AssertSameNetwork(network, SpiceNetlist.Read(netlist, "lattice-4x4.cir"));
        AssertAgreement(network, netlist);
    }

    private void AssertAgreement(Network network, string netlist)
    {
        var worst = NgspiceRunner.LargestDifferenceFromReference(network, netlist);
        output.WriteLine($"{network.NodeCount} nodes, {network.EdgeCount} edges: max |V_ngspice - V_reference| = {worst:E2} V");
        Assert.True(worst <= Tolerance, $"ngspice and the reference solver differ by {worst:E3} V (tolerance {Tolerance:E0} V)");
    }
}
