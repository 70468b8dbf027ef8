using System.Text.Json;
using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;
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
        var result = await CliRun.InProcess("solve", path, "--engine", "actors", "--schedule", "async", "--link-delay", "uniform:0-2ms", "--link-order", "reorder", "--message-loss", "0.1", "--seed", "3", "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var exact = ReferenceSolver.Solve(SpiceNetlist.ReadFile(path).Network);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(exact.Voltages[0], json.RootElement.GetProperty("nodes").EnumerateObject().First().Value.GetDouble(), 1e-6);
    }

    /// <summary>
    /// Measurement noise puts a floor under what can be certified: the JSON says so (certified
    /// false, the error bound reached above the tolerance), not only a warning; without noise the
    /// answer is certified and its bound holds against the exact equilibrium.
    /// </summary>
    [Fact]
    public async Task The_json_says_whether_the_answer_is_certified_and_to_what_error_bound()
    {
        var path = CliRun.DataFile("lattice-4x4.json");
        var exact = ReferenceSolver.Solve(NetworkJson.ReadFile(path));
        var noisy = await CliRun.InProcess("solve", path, "--engine", "actors", "--link-noise", "1e-4", "--tolerance", "1e-6", "--format", "json");
        Assert.Equal(0, noisy.ExitCode);
        using (var json = JsonDocument.Parse(noisy.Out))
        {
            var stats = json.RootElement.GetProperty("stats");
            Assert.False(stats.GetProperty("certified").GetBoolean());
            Assert.True(stats.GetProperty("error_bound_v").GetDouble() > 1e-6);
        }
        Assert.Contains("clln: warning: the actors settled only to", noisy.Error);

        var clean = await CliRun.InProcess("solve", path, "--engine", "actors", "--tolerance", "1e-6", "--format", "json");
        using (var json = JsonDocument.Parse(clean.Out))
        {
            var stats = json.RootElement.GetProperty("stats");
            Assert.True(stats.GetProperty("certified").GetBoolean());
            var bound = stats.GetProperty("error_bound_v").GetDouble();
            Assert.InRange(bound, 0, 1e-6);
            var nodes = json.RootElement.GetProperty("nodes").EnumerateObject().ToArray();
            for (var i = 0; i < nodes.Length; i++) Assert.InRange(Math.Abs(nodes[i].Value.GetDouble() - exact.Voltages[i]), 0, bound);
        }
    }

    /// <summary>
    /// A 40 x 40 lattice to 1e-12 V takes the actors far longer than the 3 s limit: progress
    /// lines show on standard error from 2 s on, then the run stops at the limit with one error
    /// line and exit code 1, and standard output stays empty.
    /// </summary>
    [Fact]
    public async Task A_relaxation_that_outlasts_its_time_limit_shows_progress_then_stops_there()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("clln-limit-").FullName, "lattice-40x40.json");
        var builder = new NetworkBuilder();
        string Node(int row, int column) => $"n{row}_{column}";
        const int side = 40;
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++) builder.AddNode(Node(r, c));
        for (var r = 0; r < side; r++)
        {
            builder.Hold(Node(r, 0), 1.0).Hold(Node(r, side - 1), 0.0, NodeRole.Ground);
            for (var c = 0; c < side; c++)
            {
                if (c + 1 < side) builder.AddEdge($"h{r}_{c}", Node(r, c), Node(r, c + 1), new Resistor(1e-3 * (1 + (r * 7 + c * 3) % 10)));
                if (r + 1 < side) builder.AddEdge($"v{r}_{c}", Node(r, c), Node(r + 1, c), new Resistor(1e-3 * (1 + (r * 5 + c * 11) % 10)));
            }
        }
        File.WriteAllText(path, NetworkJson.Write(builder.Build()));
        try
        {
            var (output, error) = (new StringWriter(), new StringWriter());
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var code = await CllnApp.RunAsync(["solve", path, "--engine", "actors", "--tolerance", "1e-12", "--time-limit", "3", "--format", "json"], output, error);
            Assert.Equal(1, code);
            Assert.InRange(clock.Elapsed.TotalSeconds, 3, 60);
            Assert.Equal("", output.ToString());
            var lines = error.ToString().TrimEnd('\n').Split('\n');
            Assert.Matches(@"^clln: relaxing, [23] s$", lines[0]);
            Assert.Equal("clln: error: no equilibrium: stopped at the time limit of 3 s (--time-limit), before the equilibrium was certified", lines[^1]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
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
    [InlineData(new[] { "--engine", "actors", "--link-delay", "5" }, "option --link-delay: bad delay '5'")]
    [InlineData(new[] { "--engine", "actors", "--message-loss", "1.5" }, "solve: option --message-loss must be in [0, 1), not 1.5")]
    [InlineData(new[] { "--engine", "actors", "--schedule", "sometimes" }, "--schedule must be one of clocked, async, not 'sometimes'")]
    [InlineData(new[] { "--message-loss", "0.1" }, "--message-loss is an option of the actor engine; add --engine actors")]
    [InlineData(new[] { "--engine", "spice" }, "--engine must be one of reference, actors, not 'spice'")]
    [InlineData(new[] { "--engine", "actors", "--time-limit", "0" }, "solve: option --time-limit must be a positive number of seconds, not 0")]
    [InlineData(new[] { "--time-limit", "5" }, "--time-limit is an option of the actor engine; add --engine actors")]
    public async Task Bad_actor_options_are_refused(string[] options, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(["solve", CliRun.DataFile("divider.cir"), .. options]), message);
}
