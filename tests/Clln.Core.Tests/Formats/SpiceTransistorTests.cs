using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Topologies;

namespace Clln.Core.Tests.Formats;

/// <summary>Level-1 NMOS transistors in netlists: M lines, .model lines, gate sources; read, written, refused.</summary>
public sealed class SpiceTransistorTests
{
    [Fact]
    public void M_lines_read_as_transistors_with_K_from_KP_W_over_L_and_the_gate_from_its_source()
    {
        const string netlist = """
            transistors
            Vin in 0 DC 1.2
            M1 in g1 mid 0 nch W=4u L=2u
            Mlow mid g2 out out NCH
            R1 out 0 2k
            VG1 g1 0 DC 2.5
            VG2 0 g2 -1.8         ; holds g2 at 1.8 V
            .model nch NMOS (LEVEL=1 VTO=0.7 KP=500u LAMBDA=0 GAMMA=0 PHI=0.6 IS=0)
            .op
            .end
            """;
        var read = SpiceNetlist.Read(netlist, "t.cir");
        var network = read.Network;
        Assert.Empty(read.Warnings);
        // Gate nodes are not network nodes; ground is one because R1 touches it (a bulk alone would not make it one).
        Assert.Equal(["in", "0", "mid", "out"], network.Nodes.Select(n => n.Name));
        Assert.Equal(new Transistor(2.5, 0.7, 500e-6 * 2), network.Edges[0].Element);
        Assert.Equal(new Transistor(1.8, 0.7, 500e-6), network.Edges[1].Element);
        Assert.Equal(("in", "mid"), (network.Nodes[network.Edges[0].From].Name, network.Nodes[network.Edges[0].To].Name));
        Assert.IsType<Resistor>(network.Edges[2].Element);
    }

    [Fact]
    public void The_model_may_come_before_or_after_its_users_and_spacing_and_brackets_vary()
    {
        const string netlist = """
            t
            .MODEL n1 nmos(vto = 0.5 kp=1e-3)
            V1 a 0 1
            M1 a g b 0 n1 w = 2 l = 1 m=3
            + 
            Vg g 0 2
            R1 b 0 1k
            .end
            """;
        Assert.Equal(new Transistor(2, 0.5, 1e-3 * 2 * 3), SpiceNetlist.Read(netlist, "t.cir").Network.Edges[0].Element);
    }

    [Fact]
    public void A_mixed_lattice_is_written_with_models_gate_sources_and_reads_back_bit_for_bit()
    {
        var network = MixedLattice(seed: 2);
        var text = SpiceNetlist.Write(network);
        Assert.Contains(".model NMOS1 NMOS (LEVEL=1 VTO=0.62 KP=0.00085 LAMBDA=0 GAMMA=0 IS=0)", text);
        Assert.Contains(".model NMOS2 NMOS (LEVEL=1 VTO=0.55 KP=0.0012 LAMBDA=0 GAMMA=0 IS=0)", text);
        Assert.Contains("Me1 n0_0 g_e1 n1_0 n1_0 NMOS", text);
        Assert.Contains($"Vg_e1 g_e1 0 DC {((Transistor)network.Edges[1].Element).GateVoltage:R}", text);

        var back = SpiceNetlist.Read(text, "lattice.cir");
        Assert.Empty(back.Warnings);
        Assert.Equal(network.Nodes, back.Network.Nodes);
        Assert.Equal(network.Edges.Select(e => e.Element), back.Network.Edges.Select(e => e.Element));
        Assert.Equal(network.Edges.Select(e => (e.From, e.To)), back.Network.Edges.Select(e => (e.From, e.To)));
        Assert.Equal(network.Edges.Select(e => (e.Element is Transistor ? "M" : "R") + e.Name), back.Network.Edges.Select(e => e.Name));
    }

    /// <summary>The 4x4 lattice with every third edge a resistor, and transistors of two kinds.</summary>
    internal static Network MixedLattice(int seed)
    {
        var random = new Random(seed);
        return Topology.SquareLattice(4, 4, periodic: true).ToNetwork(
            j => j % 3 == 0 ? new Resistor(1e-3 * (0.5 + random.NextDouble()))
                : j % 3 == 1 ? new Transistor(1.2 + random.NextDouble())
                : new Transistor(1.2 + random.NextDouble(), 0.55, 1.2e-3),
            new Dictionary<string, (NodeRole, double)> { ["n0_0"] = (NodeRole.Input, 1.0), ["n2_1"] = (NodeRole.Bias, 0.4), ["n3_3"] = (NodeRole.Ground, 0.0) });
    }

    [Fact]
    public void A_gate_name_taken_by_a_network_node_gets_a_suffix()
    {
        var network = new NetworkBuilder()
            .AddNode("g_t", NodeRole.Input, 1).AddNode("x").AddNode("gnd", NodeRole.Ground)
            .AddEdge("t", "g_t", "x", new Transistor(2)).AddEdge("r", "x", "gnd", new Resistor(1e-3)).Build();
        var text = SpiceNetlist.Write(network);
        Assert.Contains("Mt g_t g_t_2 x x NMOS1", text);
        Assert.Equal(network.Nodes, SpiceNetlist.Read(text, "x.cir").Network.Nodes);
    }

    [Fact]
    public void A_transistor_with_a_leak_cannot_be_written()
    {
        var network = new NetworkBuilder().AddNode("a", NodeRole.Input, 1).AddNode("b", NodeRole.Ground)
            .AddEdge("t", "a", "b", new Transistor(2, subthresholdSwing: 0.1)).Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.Equal("cannot write SPICE: edge 't' is a transistor with a subthreshold leak, which the level-1 NMOS model has no parameter for", error.Message);
    }

    [Theory]
    [InlineData("t|V1 a 0 1|M1 a g b 0 n|R1 b 0 1k|.model n NMOS (VTO=0.6 KP=1m)", 3,
        "the gate of M1 (node 'g') is not driven by a voltage source: each transistor's gate needs its own DC source to ground")]
    [InlineData("t|V1 a 0 1|M1 a b b 0 n|.model n NMOS (VTO=0.6 KP=1m)", 3, "the gate of M1 is also its drain or source")]
    [InlineData("t|V1 a 0 1|M1 a 0 b 0 n|R1 b 0 1k|.model n NMOS (VTO=0.6 KP=1m)", 3, "the gate of M1 is ground")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 n|R1 g 0 1k|R2 b 0 1k|.model n NMOS (VTO=0.6 KP=1m)", 4,
        "the gate of M1 (node 'g') is also a terminal of a resistor or transistor channel")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b c n|R1 b 0 1k|R2 c 0 1k|.model n NMOS (VTO=0.6 KP=1m)", 4, "bulk node 'c' of M1 must be ground or its drain or source")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0|R1 b 0 1k", 4, "too few fields for M1")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 n W=0|R1 b 0 1k", 4, "W=0 of M1 must be positive")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 n AD=1p|R1 b 0 1k", 4, "parameter 'AD' of M1 is not supported")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 n W 2u|R1 b 0 1k", 4, "expected NAME=VALUE for M1, not 'W'")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 nope|R1 b 0 1k", 4, "M1 uses model 'nope', which no level-1 NMOS .model line defines")]
    [InlineData("t|V1 a 0 1|Vg g 0 2|M1 a g b 0 p|R1 b 0 1k|.model p PMOS (VTO=-0.6 KP=1m)", 4, "M1 uses model 'p', which no level-1 NMOS .model line defines")]
    [InlineData("t|.model n NMOS (LEVEL=2 VTO=0.6 KP=1m)|V1 a 0 1", 2, "model 'n' is level 2: the subset reads level-1 (Shichman-Hodges) models only")]
    [InlineData("t|.model n NMOS (VTO=0.6 KP=1m LAMBDA=0.02)|V1 a 0 1", 2, "model 'n' has LAMBDA=0.02: channel-length modulation is not modelled, so LAMBDA must be 0")]
    [InlineData("t|.model n NMOS (VTO=0.6 KP=1m GAMMA=0.4)|V1 a 0 1", 2, "model 'n' has GAMMA=0.4: the body effect is not modelled, so GAMMA must be 0")]
    [InlineData("t|.model n NMOS (VTO=0.6 KP=1m TOX=10n)|V1 a 0 1", 2, "parameter 'TOX' of model 'n' is not supported")]
    [InlineData("t|.model n NMOS (KP=1m)|V1 a 0 1", 2, "model 'n' needs VTO, the threshold voltage")]
    [InlineData("t|.model n NMOS (VTO=1)|V1 a 0 1", 2, "model 'n' needs KP, the transconductance parameter")]
    [InlineData("t|.model n NMOS (VTO=1 KP=-1m)|V1 a 0 1", 2, "KP=-1m of model 'n' must be positive")]
    [InlineData("t|.model n NMOS (VTO=1 KP=1m)|.model N NMOS (VTO=1 KP=1m)|V1 a 0 1", 3, "duplicate model name 'N' (already defined at line 2)")]
    [InlineData("t|.model n NMOS (VTO=1 KP=1m VTO=2)|V1 a 0 1", 2, "model 'n' gives VTO twice")]
    [InlineData("t|*clln node g input|V1 a 0 1|Vg g 0 2|M1 a g b 0 n|R1 b 0 1k|.model n NMOS (VTO=0.6 KP=1m)", 2, "node 'g' is the gate of M1, held by its own source: it is not a node of the network")]
    public void Bad_transistor_lines_are_one_line_errors_naming_file_and_line(string netlist, int line, string expected)
    {
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Read(netlist.Replace('|', '\n'), "net.cir"));
        Assert.StartsWith($"net.cir:{line}: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_model_of_another_type_that_nothing_uses_is_ignored_with_a_warning()
    {
        var read = SpiceNetlist.Read("t\n.model d1 D (IS=1e-14)\nV1 a 0 1\nR1 a 0 1k\n", "d.cir");
        Assert.Equal("d.cir:2: ignored model 'd1' of type 'D': the subset reads level-1 NMOS models only", Assert.Single(read.Warnings));
    }
}
