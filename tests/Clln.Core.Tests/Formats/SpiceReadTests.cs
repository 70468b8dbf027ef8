using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Tests.Formats;

/// <summary>Reading valid netlists: what each line means, comments, continuations, roles and warnings.</summary>
public class SpiceReadTests
{
    private static SpiceReadResult Read(params string[] lines) => SpiceNetlist.Read(string.Join("\n", lines), "net.cir");

    [Fact]
    public void A_divider_reads_as_its_nodes_edges_and_source()
    {
        var result = Read("divider", "V1 in 0 DC 1", "R1 in mid 1k", "R2 mid 0 1k", ".op", ".end");
        var network = result.Network;

        Assert.Empty(result.Warnings);
        Assert.Equal(["in", "0", "mid"], network.Nodes.Select(n => n.Name));
        Assert.Equal(new Node("in", NodeRole.Input, 1.0), network.Nodes[0]);
        Assert.Equal(NodeRole.Ground, network.Nodes[1].Role);
        Assert.Equal(NodeRole.Free, network.Nodes[2].Role);
        Assert.Equal(["R1", "R2"], network.Edges.Select(e => e.Name));
        Assert.Equal((0, 2), (network.Edges[0].From, network.Edges[0].To));
        Assert.Equal(1.0 / 1000.0, network.Edges[0].Element.LinearConductance);
        // Two equal resistors halve the voltage.
        Assert.Equal(0.5, ReferenceSolver.Solve(network).Voltages[2], 15);
    }

    [Fact]
    public void A_source_holds_its_plus_node_at_its_value_above_its_minus_node()
    {
        var network = Read("t", "V1 0 a DC 1", "V2 b 0 2", "Vz gnd c dc -3", "R1 a b 1k", "R2 b c 1k").Network;

        Assert.Equal(-1.0, Voltage(network, "a")); // V(0) - V(a) = 1
        Assert.Equal(2.0, Voltage(network, "b"));
        Assert.Equal(3.0, Voltage(network, "c")); // V(gnd) - V(c) = -3
        Assert.All(network.Nodes, n => Assert.Equal(NodeRole.Input, n.Role));
    }

    [Fact]
    public void A_node_held_at_0_V_is_ground_and_node_0_touched_only_by_sources_is_no_node()
    {
        var network = Read("t", "Vg g 0 DC 0", "Vin a 0 DC 1", "R1 a g 1k").Network;

        Assert.Equal(["g", "a"], network.Nodes.Select(n => n.Name));
        Assert.Equal(new Node("g", NodeRole.Ground), network.Nodes[0]);
    }

    [Fact]
    public void Gnd_is_ground_too_and_one_node_with_0_named_as_first_written()
    {
        var network = Read("t", "V1 a 0 1", "R1 a GND 1k", "R2 a 0 2k", "R3 a gnd 3k").Network;

        Assert.Equal(2, network.NodeCount);
        Assert.Equal(new Node("0", NodeRole.Ground), network.Nodes[1]); // mentioned first by V1
        Assert.All(network.Edges, e => Assert.Equal(1, e.To));
    }

    [Fact]
    public void Names_are_compared_ignoring_case_and_kept_as_first_written()
    {
        var network = Read("t", "Vin In 0 DC 1", "R1 in Out 1k", "R2 OUT 0 1k", "r3 IN out 1k").Network;

        Assert.Equal(["In", "0", "Out"], network.Nodes.Select(n => n.Name));
        Assert.Equal(["R1", "R2", "r3"], network.Edges.Select(e => e.Name));
        Assert.Equal(network.IndexOf("out"), network.Edges[2].To);
    }

    [Fact]
    public void Comments_of_every_kind_and_continuations_are_understood()
    {
        var result = Read(
            "title line: R9 x y 1k would be ignored here anyway",
            "* a full-line comment",
            "   * an indented one",
            "R1 a          ; a semicolon comment",
            "+ b           $ a dollar comment",
            "* a comment between a line and its continuation",
            "",
            "+ 2.2k        // a double-slash comment",
            "$ a line that is all comment",
            "V1 a 0 DC 1 $comment-right-after-the-dollar",
            "R2 b 0",
            "+1k",
            "*cllnish is an ordinary comment, not a structured one");
        var network = result.Network;

        Assert.Empty(result.Warnings);
        Assert.Equal(["R1", "R2"], network.Edges.Select(e => e.Name));
        Assert.Equal((network.IndexOf("a"), network.IndexOf("b")), (network.Edges[0].From, network.Edges[0].To));
        Assert.Equal(1.0 / 2200.0, network.Edges[0].Element.LinearConductance);
        Assert.Equal(1.0 / 1000.0, network.Edges[1].Element.LinearConductance);
    }

    [Fact]
    public void The_first_line_is_always_the_title_and_a_warning_says_so_when_it_looks_like_an_element()
    {
        var result = Read("R9 x y 1k", "V1 a 0 1", "R1 a 0 1k");

        Assert.False(result.Network.TryGetIndex("x", out _));
        Assert.Single(result.Warnings);
        Assert.StartsWith("net.cir:1: ", result.Warnings[0]);
    }

    [Fact]
    public void Other_dot_lines_and_control_blocks_are_ignored_with_a_warning_naming_the_line()
    {
        var result = Read(
            "t",
            "V1 a 0 1",
            ".tran 1n 1u",
            "R1 a 0 1k",
            ".control",
            "print all",
            "R99 a 0 1 this is not read",
            ".endc",
            ".OP",
            ".options gmin=1e-12",
            ".END",
            "R2 a 0 this is after the end");

        Assert.Equal(["R1"], result.Network.Edges.Select(e => e.Name));
        Assert.Collection(result.Warnings,
            w => Assert.StartsWith("net.cir:3: ignored '.tran'", w),
            w => Assert.StartsWith("net.cir:5: ignored the .control block", w),
            w => Assert.StartsWith("net.cir:10: ignored '.options'", w),
            w => Assert.StartsWith("net.cir:12: ignored this and every later line", w));
    }

    [Fact]
    public void Structured_comments_give_the_roles_spice_cannot_say()
    {
        var network = Read(
            "t",
            "*clln node out output",
            "*CLLN NODE zero input",
            "*clln node b bias",
            "*clln node mid free",
            "*clln node g ground",
            "Vzero zero 0 DC 0",
            "Vb b 0 DC 0.5",
            "Vg g 0 DC 0",
            "R1 zero mid 1k",
            "R2 mid out 1k",
            "R3 out b 1k",
            "R4 out g 1k").Network;

        Assert.Equal(["out", "zero", "b", "mid", "g"], network.Nodes.Select(n => n.Name)); // comments first, in order
        Assert.Equal(new Node("out", NodeRole.Output), network.Nodes[0]);
        Assert.Equal(new Node("zero", NodeRole.Input, 0.0), network.Nodes[1]);
        Assert.Equal(new Node("b", NodeRole.Bias, 0.5), network.Nodes[2]);
        Assert.Equal(new Node("mid", NodeRole.Free), network.Nodes[3]);
        Assert.Equal(new Node("g", NodeRole.Ground), network.Nodes[4]);
    }

    [Fact]
    public void An_unknown_structured_comment_is_ignored_with_a_warning()
    {
        var result = Read("t", "*clln colour a red", "V1 a 0 1", "R1 a 0 1k");

        Assert.Equal(2, result.Network.NodeCount);
        Assert.StartsWith("net.cir:2: ignored '*clln colour a red'", Assert.Single(result.Warnings));
    }

    [Fact]
    public void A_structured_comment_may_list_ground_that_no_resistor_touches()
    {
        var network = Read("t", "*clln node 0 ground", "V1 a 0 1", "R1 a b 1k", "R2 b a 2k").Network;

        Assert.Equal(new Node("0", NodeRole.Ground), network.Nodes[0]);
        Assert.Empty(network.IncidentEdges[0]);
    }

    [Fact]
    public void Line_endings_of_every_platform_read_alike()
    {
        const string unix = "t\nV1 a 0 1\nR1 a 0\n+ 1k\n";
        var windows = unix.Replace("\n", "\r\n");
        var oldMac = unix.Replace("\n", "\r");
        foreach (var text in new[] { unix, windows, oldMac })
        {
            var network = SpiceNetlist.Read(text, "net.cir").Network;
            Assert.Equal(1.0 / 1000.0, Assert.Single(network.Edges).Element.LinearConductance);
        }
    }

    [Fact]
    public void Two_sources_holding_a_node_at_the_same_voltage_read_with_a_warning()
    {
        var result = Read("t", "V1 a 0 1", "V2 0 a -1", "R1 a 0 1k");

        Assert.Equal(1.0, Voltage(result.Network, "a"));
        Assert.StartsWith("net.cir:3: V2 holds node 'a' at the same voltage as V1", Assert.Single(result.Warnings));
    }

    /// <summary>The example netlist of the repository, against the bridge solved by hand (Cramer's rule).</summary>
    [Fact]
    public void The_example_wheatstone_bridge_reads_and_solves_as_drawn()
    {
        var result = SpiceNetlist.ReadFile(RepositoryFile("data/divider.cir"));
        var network = result.Network;

        Assert.Empty(result.Warnings);
        Assert.Equal(NodeRole.Output, network.Nodes[network.IndexOf("left")].Role);
        Assert.Equal(NodeRole.Output, network.Nodes[network.IndexOf("right")].Role);
        Assert.Equal(new Node("top", NodeRole.Input, 1.0), network.Nodes[network.IndexOf("top")]);
        Assert.Equal(5, network.EdgeCount);

        double g1 = 1 / 1e3, g2 = 1 / 2e3, g3 = 1 / 1.5e3, g4 = 1 / 2.2e3, gb = 1 / 10e3;
        // KCL: left (g1 + g2 + gb) - right gb = g1;  right (g3 + g4 + gb) - left gb = g3  (top at 1 V).
        double a = g1 + g2 + gb, b = -gb, c = -gb, d = g3 + g4 + gb;
        var det = a * d - b * c;
        var left = (g1 * d - b * g3) / det;
        var right = (a * g3 - c * g1) / det;
        var voltages = ReferenceSolver.Solve(network).Voltages;
        Assert.Equal(left, voltages[network.IndexOf("left")], 12);
        Assert.Equal(right, voltages[network.IndexOf("right")], 12);
    }

    [Fact]
    public void A_file_is_named_in_messages_by_its_path_as_given()
    {
        var path = Path.Combine(Path.GetTempPath(), $"clln-spice-{Guid.NewGuid():N}.cir");
        File.WriteAllText(path, "t\nV1 a 0 1\nR1 a 0 abc\n");
        try
        {
            var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.ReadFile(path));
            Assert.StartsWith($"{path}:3: malformed number 'abc' for R1", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static double Voltage(Network network, string name) => network.Nodes[network.IndexOf(name)].Voltage;

    internal static string RepositoryFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Clln.Actors.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new FileNotFoundException($"no Clln.Actors.sln above {AppContext.BaseDirectory}, so '{relative}' cannot be found");
    }
}
