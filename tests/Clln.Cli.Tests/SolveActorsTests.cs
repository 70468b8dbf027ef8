using System.Text.Json;
using Clln.Core.Formats;
using Clln.Core.Solving;

namespace Clln.Cli.Tests;

/// <summary>`clln solve --engine actors`: the same JSON as the reference engine plus stats, within the tolerance.</summary>
public sealed class SolveActorsTests
{
    [Theory]
    [InlineData("clocked")]
    [InlineData("async")]
    public async Task Actor_solve_matches_the_reference_within_the_tolerance_and_reports_stats(string schedule)
    {
        var path = CliRun.DataFile("lattice-4x4.json");
        var result = await CliRun.InProcess("solve", path, "--engine", "actors", "--schedule", schedule, "--tolerance", "1e-9", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var network = NetworkJson.ReadFile(path);
        var exact = ReferenceSolver.Solve(network);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["nodes", "edges", "power", "stats"], root.EnumerateObject().Select(p => p.Name));
        for (var i = 0; i < network.NodeCount; i++)
            Assert.Equal(exact.Voltages[i], root.GetProperty("nodes").GetProperty(network.Nodes[i].Name).GetDouble(), 1e-9);
        var stats = root.GetProperty("stats");
        Assert.True(stats.GetProperty("messages").GetDouble() > 0);
        Assert.True(stats.GetProperty("sweeps_or_rounds").GetDouble() > 0);
        Assert.True(stats.GetProperty("wall_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Faults_on_the_links_still_settle_to_the_reference()
    {
        var path = CliRun.DataFile("divider.cir");
        var result = await CliRun.InProcess("solve", path, "--engine", "actors", "--schedule", "async", "--delay", "uniform:0-2ms", "--reorder", "--drop", "0.1", "--seed", "3", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var exact = ReferenceSolver.Solve(SpiceNetlist.ReadFile(path).Network);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(exact.Voltages[0], json.RootElement.GetProperty("nodes").EnumerateObject().First().Value.GetDouble(), 1e-6);
    }

    [Fact]
    public void Verbose_logs_go_to_standard_error_and_the_json_on_standard_output_stays_clean()
    {
        for (var run = 0; run < 3; run++)
        {
            var result = CliRun.AsProcess("solve", CliRun.DataFile("divider.cir"), "--engine", "actors", "--verbose", "--format", "json");
            Assert.Equal(0, result.ExitCode);
            using var _ = JsonDocument.Parse(result.Out);
            Assert.Contains("Phase 1 settled", result.Error);
        }
    }

    [Theory]
    [InlineData(new[] { "--engine", "actors", "--omega", "3" }, "solve: omega must lie in (0, 2)")]
    [InlineData(new[] { "--engine", "actors", "--delay", "5" }, "option --delay: bad delay '5'")]
    [InlineData(new[] { "--engine", "actors", "--drop", "1.5" }, "solve: the drop probability must lie in [0, 1)")]
    [InlineData(new[] { "--engine", "actors", "--schedule", "sometimes" }, "--schedule must be one of clocked, async, not 'sometimes'")]
    [InlineData(new[] { "--drop", "0.1" }, "--drop is an option of the actor engine; add --engine actors")]
    [InlineData(new[] { "--engine", "spice" }, "--engine must be one of reference, actors, not 'spice'")]
    public async Task Bad_actor_options_are_refused(string[] options, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(["solve", CliRun.DataFile("divider.cir"), .. options]), message);
}
