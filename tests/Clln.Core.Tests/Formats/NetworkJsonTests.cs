using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Tests.Formats;

public sealed class NetworkJsonTests
{
    private const string Divider = """
        {
          "format": "clln-network", "version": 1,
          "nodes": [
            {"name": "in", "role": "input", "voltage": 1.5},
            {"name": "mid", "role": "output"},
            {"name": "gnd", "role": "ground"}
          ],
          "edges": [
            {"name": "r1", "from": "in", "to": "mid", "element": "resistor", "resistance": 1000},
            {"name": "r2", "from": "mid", "to": "gnd", "conductance": 0.002}
          ]
        }
        """;

    [Fact]
    public void Reads_nodes_roles_voltages_and_resistors()
    {
        var n = NetworkJson.Read(Divider, "d.json");
        Assert.Equal(["in", "mid", "gnd"], n.Nodes.Select(x => x.Name));
        Assert.Equal([NodeRole.Input, NodeRole.Output, NodeRole.Ground], n.Nodes.Select(x => x.Role));
        Assert.Equal(1.5, n.Nodes[0].Voltage);
        Assert.Equal(0.001, ((Resistor)n.Edges[0].Element).Conductance, 1e-18);
        Assert.Equal(0.002, ((Resistor)n.Edges[1].Element).Conductance);
    }

    [Fact]
    public void Writing_and_reading_back_gives_the_same_network_bit_for_bit()
    {
        var original = Circuits.Random(30, 40, seed: 7, held: 4);
        var again = NetworkJson.Read(NetworkJson.Write(original), "x.json");
        Assert.Equal(original.Nodes, again.Nodes);
        Assert.Equal(original.Edges.Select(e => (e.Name, e.From, e.To, ((Resistor)e.Element).Conductance)),
            again.Edges.Select(e => (e.Name, e.From, e.To, ((Resistor)e.Element).Conductance)));
    }

    [Fact]
    public void The_shipped_example_reads()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "data", "lattice-4x4.json");
        var n = NetworkJson.ReadFile(path);
        Assert.Equal((16, 32), (n.NodeCount, n.EdgeCount));
    }

    [Theory]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "resistance": "1k"}]}""",
        "x.json: edges[0].resistance: expected a finite number, found the string \"1k\"")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "b", "resistance": 1}]}""",
        "x.json: edges[0]: edge 'r' goes to undefined node 'b'")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "conductance": -2}]}""",
        "x.json: edges[0].conductance: must be from 1e-100 to 1e100 S, not -2")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "resistance": 0}]}""",
        "x.json: edges[0].resistance: must be from 1e-100 to 1e100 ohms, not 0")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "resistance": 1e308}]}""",
        "x.json: edges[0].resistance: must be from 1e-100 to 1e100 ohms, not 1E+308")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "conductance": 1e-101}]}""",
        "x.json: edges[0].conductance: must be from 1e-100 to 1e100 S, not 1E-101")]
    [InlineData("""{"nodes": [{"name": "a", "role": "input", "voltage": -1e300}], "edges": []}""",
        "x.json: nodes[0].voltage: must be within ±1e100 V, not -1E+300")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "element": "transistor", "gate_voltage": 2e100}]}""",
        "x.json: edges[0].gate_voltage: must be within ±1e100 V, not 2E+100")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "element": "potentiometer", "tap": 0, "max_ohms": 1e120}]}""",
        "x.json: edges[0].max_ohms: must be from 1e-100 to 1e100 ohms, not 1E+120")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "element": "capacitor"}]}""",
        "x.json: edges[0].element: unknown element kind \"capacitor\" (expected resistor, potentiometer or transistor)")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}, {"name": "A"}], "edges": []}""",
        "x.json: nodes[1]: duplicate node name 'A'")]
    [InlineData("""{"nodes": [{"name": "a", "role": "inputt", "voltage": 1}], "edges": []}""",
        "x.json: nodes[0].role: unknown role \"inputt\" (expected free, output, input, ground or bias)")]
    [InlineData("""{"nodes": [{"name": "a", "role": "input"}], "edges": []}""",
        "x.json: nodes[0].voltage: a node with role input needs a voltage")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground", "colour": "red"}], "edges": []}""",
        "x.json: nodes[0].colour: unknown field (expected one of: name, role, voltage)")]
    [InlineData("""{"nodes": [], "edges": []}""", "x.json: the network is empty (0 nodes, 0 edges): it needs at least one edge")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}, {"name": "b"}, {"name": "c"}], "edges": [{"name": "r", "from": "b", "to": "c", "resistance": 1}]}""",
        "x.json: node 'b' is floating: its connected component ('b', 'c') has no held node (input, ground or bias), so its voltages are undefined")]
    [InlineData("""{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a"}]}""",
        "x.json: edges[0].conductance: a resistor needs a conductance (siemens) or a resistance (ohms)")]
    [InlineData("[1, 2]", "x.json: expected an object, found an array")]
    public void Bad_files_are_refused_with_the_field_named(string text, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<BadInputException>(() => NetworkJson.Read(text, "x.json")).Message);

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var error = Assert.ThrowsAny<BadInputException>(() => NetworkJson.Read("{\n  \"nodes\": [\n    {\"name\": \"a\",, }\n  ]\n}", "bad.json"));
        Assert.StartsWith("bad.json:3: malformed JSON", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Nan_written_as_a_string_is_not_a_number()
    {
        var error = Assert.ThrowsAny<BadInputException>(() => NetworkJson.Read(
            """{"nodes": [{"name": "a", "role": "input", "voltage": "NaN"}], "edges": []}""", "n.json"));
        Assert.Equal("n.json: nodes[0].voltage: expected a finite number, found the string \"NaN\"", error.Message);
    }
}
