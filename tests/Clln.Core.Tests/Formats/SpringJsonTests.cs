using Clln.Core.Formats;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Core.Tests.Formats;

public sealed class SpringJsonTests
{
    [Fact]
    public void The_shipped_spring_network_reads_unstressed_and_rigid()
    {
        var network = SpringJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "springs-3x3.json"));
        Assert.Equal((9, 14), (network.Nodes.Count, network.Springs.Count));
        Assert.Equal(3, network.Nodes.Count(n => n.Held));
        Assert.Equal(Math.Sqrt(2), network.Springs.Single(s => s.Name == "d11").RestLength, 15); // the distance at rest
        var still = SpringSolver.Solve(network);
        Assert.Equal(0.0, still.Energy); // nothing moved, nothing stretched
        Assert.Equal(network.RestPositions(), still.Positions);
    }

    /// <summary>A written network reads back the same bit for bit, on generated networks with arbitrary doubles.</summary>
    [Fact]
    public void A_written_network_reads_back_bit_for_bit()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var network = SpringLattice.Disordered(2 + seed % 4, 3, decades: 5, jitter: 0.25, seed);
            var learned = network.With(network.Springs.Select(s => s with { RestLength = s.RestLength * (1 + 1e-3 * Math.Sin(seed * s.A)) }).ToArray());
            var back = SpringJson.Read(SpringJson.Write(learned, "learned"), "written.json");
            Assert.Equal(learned.Nodes, back.Nodes);
            Assert.Equal(learned.Springs, back.Springs);
        }
    }

    private const string Good = """
        {"format": "clln-springs", "nodes": [{"name": "a", "x": 0, "y": 0, "held": true}, {"name": "b", "x": 2, "y": 0, "held": true}, {"name": "c", "x": 1, "y": 1}],
         "springs": [{"name": "s1", "from": "a", "to": "c", "stiffness": 1}, {"name": "s2", "from": "b", "to": "c", "stiffness": 2, "rest_length": 1.5}]}
        """;

    [Fact]
    public void A_spring_without_a_rest_length_is_unstressed_where_its_nodes_sit()
    {
        var network = SpringJson.Read(Good, "s.json");
        Assert.Equal(Math.Sqrt(2), network.Springs[0].RestLength, 15);
        Assert.Equal(1.5, network.Springs[1].RestLength);
        Assert.Equal(2.0, network.Springs[1].Stiffness);
    }

    [Theory]
    [InlineData("\"held\": true}, {\"name\": \"b\"", "\"held\": true}, {\"name\": \"a\"", "s.json: nodes[1].name: node 'a' is already defined")]
    [InlineData("\"to\": \"c\", \"stiffness\": 1}", "\"to\": \"q\", \"stiffness\": 1}", "s.json: springs[0].to: unknown node 'q'")]
    [InlineData("\"stiffness\": 2,", "\"stiffness\": -2,", "s.json: springs[1].stiffness: must be positive, not -2")]
    [InlineData("\"rest_length\": 1.5", "\"rest_length\": 0", "s.json: spring 's2': a zero-length or negative rest length (0) has no direction to push along")]
    [InlineData("\"x\": 2, \"y\": 0", "\"x\": 0, \"y\": 0", "s.json: node 'b' sits where node 'a' sits (0, 0): coincident nodes")]
    [InlineData(", {\"name\": \"s2\", \"from\": \"b\", \"to\": \"c\", \"stiffness\": 2, \"rest_length\": 1.5}", "", "s.json: node 'c' can move without stretching any spring: the network is not rigid under its held nodes")]
    [InlineData("\"held\": true}, {\"name\": \"b\"", "\"hold\": true}, {\"name\": \"b\"", "s.json: nodes[0].hold: unknown field (expected one of: name, x, y, held)")]
    [InlineData("\"x\": 1, \"y\": 1", "\"x\": \"1\", \"y\": 1", "s.json: nodes[2].x: expected a finite number, found the string \"1\"")]
    [InlineData("\"format\": \"clln-springs\"", "\"format\": \"clln-network\"", "s.json: format: expected \"clln-springs\", found \"clln-network\"")]
    public void Bad_files_are_one_line_errors_naming_the_file_and_the_field_or_element(string from, string to, string message)
    {
        Assert.Contains(from, Good);
        var e = Assert.Throws<InvalidNetworkException>(() => SpringJson.Read(Good.Replace(from, to), "s.json"));
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var e = Assert.Throws<InvalidNetworkException>(() => SpringJson.Read("{\n\"nodes\": [\n}", "s.json"));
        Assert.StartsWith("s.json:", e.Message);
    }
}
