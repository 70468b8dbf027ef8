using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Tests.Formats;

/// <summary>Transistor edges in the network file: read with the lab's defaults, written and read back exactly, bad values named by field.</summary>
public sealed class TransistorJsonTests
{
    private const string Mixed = """
        {
          "nodes": [
            {"name": "in", "role": "input", "voltage": 1.0},
            {"name": "mid"},
            {"name": "gnd", "role": "ground"}
          ],
          "edges": [
            {"name": "t1", "from": "in", "to": "mid", "element": "transistor", "gate_voltage": 2.0},
            {"name": "t2", "from": "mid", "to": "gnd", "element": "transistor", "gate_voltage": 1.5, "threshold": 0.5, "k": 1e-3, "subthreshold_swing": 0.1},
            {"name": "r", "from": "mid", "to": "gnd", "resistance": 1000}
          ]
        }
        """;

    [Fact]
    public void Reads_transistors_with_the_labs_threshold_and_K_unless_given()
    {
        var network = NetworkJson.Read(Mixed, "m.json");
        Assert.Equal(new Transistor(2.0, Transistor.LabThreshold, Transistor.LabK), network.Edges[0].Element);
        Assert.Equal(new Transistor(1.5, 0.5, 1e-3, 0.1), network.Edges[1].Element);
        Assert.IsType<Resistor>(network.Edges[2].Element);
        Assert.False(network.IsLinear);
    }

    [Fact]
    public void Writing_and_reading_back_keeps_every_parameter_bit_for_bit()
    {
        var random = new Random(3);
        var builder = new NetworkBuilder().AddNode("a", NodeRole.Input, 0.3).AddNode("b").AddNode("c", NodeRole.Ground);
        var elements = new List<IEdgeElement>();
        for (var j = 0; j < 12; j++)
        {
            IEdgeElement element = (j % 3) switch
            {
                0 => new Transistor(random.NextDouble() * 3, 0.5 + random.NextDouble() * 0.3, 1e-4 + random.NextDouble() * 1e-3),
                1 => new Transistor(random.NextDouble() * 3, subthresholdSwing: 0.05 + random.NextDouble() * 0.1),
                _ => new Resistor(random.NextDouble() * 1e-2 + 1e-4),
            };
            elements.Add(element);
            builder.AddEdge($"e{j}", j % 2 == 0 ? "a" : "b", j % 3 == 0 ? "c" : "b", element);
        }
        var network = builder.Build();
        var again = NetworkJson.Read(NetworkJson.Write(network), "x.json");
        Assert.Equal(elements, again.Edges.Select(e => e.Element));
    }

    [Theory]
    [InlineData("\"element\": \"transistor\"", "x.json: edges[0].gate_voltage: a transistor needs its gate voltage (volts)")]
    [InlineData("\"element\": \"transistor\", \"gate_voltage\": 1, \"k\": -1", "x.json: edges[0].k: must be positive (amps per volt squared), not -1")]
    [InlineData("\"element\": \"transistor\", \"gate_voltage\": 1, \"subthreshold_swing\": 0", "x.json: edges[0].subthreshold_swing: must be positive (volts per decade), not 0")]
    [InlineData("\"element\": \"transistor\", \"gate_voltage\": 1, \"resistance\": 5", "x.json: edges[0].resistance: unknown field (expected one of: name, from, to, element, gate_voltage, threshold, k, subthreshold_swing)")]
    [InlineData("\"element\": \"transistor\", \"gate_voltage\": \"high\"", "x.json: edges[0].gate_voltage: expected a finite number, found the string \"high\"")]
    [InlineData("\"element\": \"mosfet\"", "x.json: edges[0].element: unknown element kind \"mosfet\" (expected resistor, potentiometer or transistor)")]
    public void Bad_transistor_fields_are_one_line_errors_naming_the_field(string fields, string message)
    {
        var text = $$"""{"nodes": [{"name": "a", "role": "ground"}, {"name": "b"}], "edges": [{"name": "t", "from": "a", "to": "b", {{fields}}}]}""";
        Assert.Equal(message, Assert.ThrowsAny<BadInputException>(() => NetworkJson.Read(text, "x.json")).Message);
    }
}
