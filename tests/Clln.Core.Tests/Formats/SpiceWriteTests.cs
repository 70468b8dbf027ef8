using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Topologies;
using CsCheck;

namespace Clln.Core.Tests.Formats;

/// <summary>Writing netlists, and reading them back to the very same network.</summary>
public class SpiceWriteTests
{
    [Fact]
    public void A_small_network_is_written_as_this_netlist()
    {
        var network = new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1.5)
            .AddNode("out", NodeRole.Output)
            .AddNode("gnd", NodeRole.Ground)
            .AddNode("g2", NodeRole.Ground)
            .AddNode("b", NodeRole.Bias, -0.25)
            .AddEdge("R1", "in", "out", Resistor.FromResistance(1000))
            .AddEdge("e2", "out", "gnd", new Resistor(1.0 / 4700))
            .AddEdge("r3", "out", "g2", new Resistor(0.5))
            .AddEdge("e4", "out", "b", new Resistor(1e-12))
            .Build();

        var text = SpiceNetlist.Write(network, "a small example");

        Assert.Equal(
            """
            * a small example
            * The '*clln node' comments keep each node's role and order for clln; SPICE ignores them.
            *clln node in input
            *clln node out output
            *clln node gnd ground
            *clln node g2 ground
            *clln node b bias
            R1 in out 1000
            Re2 out gnd 4700
            r3 out g2 2
            Re4 out b 1000000000000
            Vin in 0 DC 1.5
            Vg2 g2 0 DC 0
            Vb b 0 DC -0.25
            .op
            .end

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void The_default_title_counts_nodes_and_edges()
    {
        var text = SpiceNetlist.Write(Lattice());
        Assert.StartsWith("* clln network: 16 nodes, 32 edges\n", text);
    }

    [Fact]
    public void A_lattice_reads_back_with_the_same_nodes_roles_and_conductances()
    {
        var network = Lattice();
        AssertSameNetwork(network, SpiceNetlist.Read(SpiceNetlist.Write(network), "lattice.cir"));
    }

    [Fact]
    public void Ground_named_0_and_touched_by_no_edge_still_reads_back()
    {
        var network = new NetworkBuilder()
            .AddNode("0", NodeRole.Ground)
            .AddNode("a", NodeRole.Input, 2)
            .AddNode("b")
            .AddEdge("R1", "a", "b", new Resistor(3))
            .Build();
        AssertSameNetwork(network, SpiceNetlist.Read(SpiceNetlist.Write(network), "net.cir"));
    }

    /// <summary>Random networks over everything the format carries: names, every role, any held voltage, any normal conductance.</summary>
    [Fact]
    public void Any_writable_network_reads_back_exactly()
    {
        Gen.Int.Sample(seed =>
        {
            var network = RandomNetwork(new Random(seed));
            var text = SpiceNetlist.Write(network);
            AssertSameNetwork(network, SpiceNetlist.Read(text, "random.cir"));
        }, iter: 400, threads: 1);
    }

    [Theory]
    [InlineData("a b", "node name 'a b' contains ' '")]
    [InlineData("a(1)", "node name 'a(1)' contains '('")]
    [InlineData("n;1", "node name 'n;1' contains ';'")]
    [InlineData("n$1", "node name 'n$1' contains '$'")]
    [InlineData("n//1", "node name 'n//1' contains '/'")]
    [InlineData("a--b", "node name 'a--b' contains '--'")]
    [InlineData("Ω", "node name 'Ω' contains U+03A9")]
    public void Node_names_spice_cannot_carry_are_refused(string name, string expected)
    {
        var network = new NetworkBuilder()
            .AddNode(name, NodeRole.Input, 1)
            .AddNode("x")
            .AddEdge("R1", name, "x", new Resistor(1))
            .Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.StartsWith($"cannot write SPICE: {expected}", error.Message);
    }

    [Theory]
    [InlineData("0", NodeRole.Input, "node '0' is input, but SPICE reads that name as ground")]
    [InlineData("GND", NodeRole.Output, "node 'GND' is output, but SPICE reads that name as ground")]
    public void The_names_of_ground_are_only_for_ground(string name, NodeRole role, string expected)
    {
        var network = new NetworkBuilder()
            .AddNode("a", NodeRole.Input, 1)
            .AddNode(name, role, role.IsHeld() ? 1 : 0)
            .AddEdge("R1", "a", name, new Resistor(1))
            .Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.Equal($"cannot write SPICE: {expected}", error.Message);
    }

    [Fact]
    public void Two_ground_nodes_with_ground_names_would_be_one_spice_node()
    {
        var network = new NetworkBuilder()
            .AddNode("0", NodeRole.Ground)
            .AddNode("gnd", NodeRole.Ground)
            .AddEdge("R1", "0", "gnd", new Resistor(1))
            .Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.Equal("cannot write SPICE: nodes '0' and 'gnd' are both SPICE's ground node 0", error.Message);
    }

    [Fact]
    public void Edges_whose_spice_names_collide_are_refused()
    {
        var network = new NetworkBuilder()
            .AddNode("a", NodeRole.Ground)
            .AddNode("b")
            .AddEdge("e0", "a", "b", new Resistor(1))
            .AddEdge("re0", "a", "b", new Resistor(1))
            .Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.Equal("cannot write SPICE: edges 'e0' and 're0' would both be SPICE element 're0'", error.Message);
    }

    [Fact]
    public void Elements_that_are_not_linear_are_refused()
    {
        var network = new NetworkBuilder()
            .AddNode("a", NodeRole.Ground)
            .AddNode("b")
            .AddEdge("d1", "a", "b", new Diode())
            .Build();
        var error = Assert.Throws<InvalidNetworkException>(() => SpiceNetlist.Write(network));
        Assert.Equal("cannot write SPICE: edge 'd1' is a diode: only linear elements become SPICE resistors", error.Message);
    }

    [Fact]
    public void A_title_is_one_line() =>
        Assert.Throws<ArgumentException>(() => SpiceNetlist.Write(Lattice(), "two\nlines"));

    /// <summary>The lab's 4x4 periodic lattice with every role, an input at 0 V among them.</summary>
    internal static Network Lattice()
    {
        var network = Topology.SquareLattice(4, 4, periodic: true).ToNetwork(
            j => Resistor.FromResistance(100 * (j + 1) + 0.1 * j),
            new Dictionary<string, (NodeRole, double)>
            {
                ["n0_0"] = (NodeRole.Ground, 0.0),
                ["n1_1"] = (NodeRole.Input, 1.0),
                ["n2_2"] = (NodeRole.Input, 0.0),
                ["n3_3"] = (NodeRole.Bias, -0.7),
            });
        return network.WithNodes(network.Nodes.Select(n => n.Name == "n1_2" ? n with { Role = NodeRole.Output } : n).ToList());
    }

    /// <summary>Same nodes in the same order (names, roles, voltages) and same edges (SPICE names, ends, conductances bit for bit).</summary>
    internal static void AssertSameNetwork(Network expected, SpiceReadResult read)
    {
        var actual = read.Network;
        Assert.Empty(read.Warnings);
        Assert.Equal(expected.Nodes.Select(n => n.Name), actual.Nodes.Select(n => n.Name));
        Assert.Equal(expected.Nodes.Select(n => n.Role), actual.Nodes.Select(n => n.Role));
        Assert.Equal(expected.Nodes.Select(n => Bits(n.Voltage)), actual.Nodes.Select(n => Bits(n.Voltage)));
        Assert.Equal(expected.Edges.Select(e => SpiceName(e.Name)), actual.Edges.Select(e => e.Name));
        Assert.Equal(expected.Edges.Select(e => (e.From, e.To)), actual.Edges.Select(e => (e.From, e.To)));
        Assert.Equal(expected.Edges.Select(e => Bits(e.Element.LinearConductance!.Value)), actual.Edges.Select(e => Bits(e.Element.LinearConductance!.Value)));
        Assert.All(actual.Edges, e => Assert.IsType<Resistor>(e.Element));
    }

    private static string SpiceName(string edge) => edge.StartsWith('R') || edge.StartsWith('r') ? edge : "R" + edge;

    /// <summary>The bits of a double, with -0 as 0 (a source of -0 V is a source of 0 V).</summary>
    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value == 0.0 ? 0.0 : value);

    private const string First = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const string Rest = First + "_.:#[]<>-|@!%?&";

    /// <summary>A valid network whose names SPICE carries, with every role, extreme values, self-loops and parallel edges.</summary>
    internal static Network RandomNetwork(Random random)
    {
        string Name()
        {
            while (true)
            {
                var chars = new char[random.Next(1, 7)];
                chars[0] = First[random.Next(First.Length)];
                for (var i = 1; i < chars.Length; i++) chars[i] = Rest[random.Next(Rest.Length)];
                var name = new string(chars);
                if (SpiceNames.Problem(name) is null && !SpiceNames.IsGround(name)) return name;
            }
        }
        double Voltage() => random.Next(4) switch
        {
            0 => 0.0,
            1 => random.Next(-5, 6),
            2 => (random.NextDouble() - 0.5) * 20,
            // Any double a circuit file may hold: below 2^332 (8.7e99) in magnitude, CircuitLimits.MaxVolts being 1e100.
            _ => Math.ScaleB(1 + random.NextDouble(), random.Next(-1074, 332)) * (random.Next(2) == 0 ? -1 : 1),
        };
        // Any conductance a circuit file may hold: 2^-332 (1.1e-100) to below 2^332 (8.7e99), within 1e-100..1e100 S.
        double Conductance() => random.Next(3) == 0
            ? Math.ScaleB(1 + random.NextDouble(), random.Next(-332, 332))
            : Math.Pow(10, random.NextDouble() * 8 - 6);

        var builder = new NetworkBuilder();
        var names = new List<string>();
        var count = random.Next(1, 12);
        if (random.Next(3) == 0) names.Add(random.Next(3) switch { 0 => "0", 1 => "gnd", _ => "GND" });
        while (names.Count < count)
        {
            var name = Name();
            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase)) names.Add(name);
        }
        random.Shuffle(CollectionsMarshalSpan(names));
        var roles = Enum.GetValues<NodeRole>();
        var anyHeld = false;
        foreach (var name in names)
        {
            var role = SpiceNames.IsGround(name) ? NodeRole.Ground : roles[random.Next(roles.Length)];
            if (!anyHeld && name == names[^1] && !role.IsHeld()) role = NodeRole.Input; // something must be held
            anyHeld |= role.IsHeld();
            builder.AddNode(name, role, role is NodeRole.Input or NodeRole.Bias ? Voltage() : 0.0);
        }
        var spiceNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Edge(int from, int to)
        {
            string name;
            do name = (random.Next(2) == 0 ? "R" : "") + Name();
            while (!spiceNames.Add(SpiceName(name)) || SpiceNames.Problem(SpiceName(name)) is not null);
            builder.AddEdge(name, names[from], names[to], new Resistor(Conductance()));
        }
        for (var i = 1; i < names.Count; i++)
            if (random.Next(2) == 0) Edge(i, random.Next(i)); else Edge(random.Next(i), i);
        var extra = random.Next(0, 2 * names.Count + 1);
        for (var k = 0; k < extra || builder.EdgeCount == 0; k++) Edge(random.Next(names.Count), random.Next(names.Count));
        return builder.Build();
    }

    private static Span<string> CollectionsMarshalSpan(List<string> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);

    /// <summary>A stand-in nonlinear element: the writer must refuse it.</summary>
    private sealed class Diode : IEdgeElement
    {
        public string Kind => "diode";
        public double? LinearConductance => null;
        public EdgeResponse Respond(double va, double vb) => new(Math.Exp(va - vb) - 1, Math.Exp(va - vb), -Math.Exp(va - vb));
    }
}
