using System.Text.Json;
using Clln.Core.Formats;
using Clln.Core.Solving;

namespace Clln.Cli.Tests;

public sealed class SolveCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-solve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Json_output_is_one_object_with_the_reference_equilibrium_to_the_last_digit()
    {
        var path = CliRun.DataFile("lattice-4x4.json");
        var result = await CliRun.InProcess("solve", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);

        var network = NetworkJson.ReadFile(path);
        var expected = ReferenceSolver.Solve(network);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["nodes", "edges", "power"], root.EnumerateObject().Select(p => p.Name));
        for (var i = 0; i < network.NodeCount; i++)
            Assert.Equal(expected.Voltages[i], root.GetProperty("nodes").GetProperty(network.Nodes[i].Name).GetDouble());
        var edges = root.GetProperty("edges").EnumerateArray().ToArray();
        Assert.Equal(network.EdgeCount, edges.Length);
        for (var j = 0; j < edges.Length; j++)
        {
            Assert.Equal(network.Edges[j].Name, edges[j].GetProperty("name").GetString());
            Assert.Equal(network.Nodes[network.Edges[j].From].Name, edges[j].GetProperty("from").GetString());
            Assert.Equal(network.Nodes[network.Edges[j].To].Name, edges[j].GetProperty("to").GetString());
            Assert.Equal(expected.Currents[j], edges[j].GetProperty("current").GetDouble());
        }
        Assert.Equal(expected.Power, root.GetProperty("power").GetDouble());
    }

    [Fact]
    public async Task Table_output_shows_every_node_with_units_and_the_total_power()
    {
        var path = WriteFile("d.json", """
            {"nodes": [{"name": "in", "role": "input", "voltage": 1.5}, {"name": "mid", "role": "output"}, {"name": "gnd", "role": "ground"}],
             "edges": [{"name": "r1", "from": "in", "to": "mid", "resistance": 1000}, {"name": "r2", "from": "mid", "to": "gnd", "resistance": 500}]}
            """);
        var result = await CliRun.InProcess("solve", path);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("500.000 mV", result.Out);
        Assert.Contains("1.000 mA", result.Out);
        Assert.Contains("Total power dissipated: 1.500 mW", result.Out);
    }

    [Fact]
    public async Task A_bad_flag_is_one_line_with_a_suggestion_and_exit_code_2() =>
        CliRun.AssertBadInput(await CliRun.InProcess("solve", CliRun.DataFile("lattice-4x4.json"), "--fromat", "json"), "unknown option '--fromat' (did you mean --format?)");

    [Fact]
    public async Task A_bad_format_value_is_refused() =>
        CliRun.AssertBadInput(await CliRun.InProcess("solve", CliRun.DataFile("lattice-4x4.json"), "--format", "xml"), "--format must be one of table, json, not 'xml'");

    [Fact]
    public async Task A_missing_file_is_named() =>
        CliRun.AssertBadInput(await CliRun.InProcess("solve", Path.Combine(_directory, "nope.json")), "nope.json: no such file");

    [Fact]
    public async Task A_missing_argument_is_named() =>
        CliRun.AssertBadInput(await CliRun.InProcess("solve"), "solve: missing FILE");

    [Fact]
    public async Task A_malformed_network_file_is_named_with_its_field()
    {
        var path = WriteFile("bad.json", """{"nodes": [{"name": "a", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "a", "resistance": NaN}]}""");
        CliRun.AssertBadInput(await CliRun.InProcess("solve", path, "--format", "json"), "bad.json:1: malformed JSON");
    }

    [Fact]
    public async Task A_floating_component_is_named()
    {
        var path = WriteFile("float.json", """
            {"nodes": [{"name": "g", "role": "ground"}, {"name": "x"}, {"name": "y"}],
             "edges": [{"name": "r1", "from": "g", "to": "g", "resistance": 1}, {"name": "r2", "from": "x", "to": "y", "resistance": 1}]}
            """);
        CliRun.AssertBadInput(await CliRun.InProcess("solve", path), "float.json: node 'x' is floating");
    }

    [Fact]
    public async Task An_unknown_command_is_refused() =>
        CliRun.AssertBadInput(await CliRun.InProcess("slove", "x"), "unknown command 'slove'");

    [Fact]
    public void The_real_process_exits_with_2_on_bad_input_and_0_on_success()
    {
        CliRun.AssertBadInput(CliRun.AsProcess("solve", "--nope"), "unknown option '--nope'");
        var ok = CliRun.AsProcess("solve", CliRun.DataFile("lattice-4x4.json"), "--format", "json");
        Assert.Equal(0, ok.ExitCode);
        using var _ = JsonDocument.Parse(ok.Out);
    }
}
