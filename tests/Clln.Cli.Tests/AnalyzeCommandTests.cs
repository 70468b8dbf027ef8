using System.Text.Json;

namespace Clln.Cli.Tests;

/// <summary>`clln analyze`: what a trained run's network became, written whole or not at all.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-analyze-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_trained_run_is_analyzed_before_and_after_training()
    {
        var run = Path.Combine(_directory, "run");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--epochs", "20", "--output", run, "--quiet")).ExitCode);
        var result = await CliRun.InProcess("analyze", run);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("effective dimension", result.Out);
        var analysis = Path.Combine(run, "analysis");
        foreach (var file in new[] { "summary.json", "physical-spectrum.csv", "cost-spectrum.csv", "conductances.csv", "physical-spectrum.png", "cost-spectrum.png", "conductances.png" })
            Assert.True(File.Exists(Path.Combine(analysis, file)), $"{file} missing");
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(analysis, "summary.json"))).RootElement;
        foreach (var state in new[] { "untrained", "trained" })
        {
            Assert.InRange(summary.GetProperty(state).GetProperty("alignment").GetDouble(), 0, 1);
            Assert.InRange(summary.GetProperty(state).GetProperty("effective_dimension").GetDouble(), 1 - 1e-9, 4 + 1e-9); // Iris: 4 inputs
            Assert.True(summary.GetProperty(state).GetProperty("susceptibility_ohm").GetDouble() > 0);
        }
        // The trained conductances are network.json's, the untrained ones differ (training moved them).
        var conductances = File.ReadAllLines(Path.Combine(analysis, "conductances.csv"));
        Assert.Equal("edge,untrained_s,trained_s", conductances[0]);
        Assert.Contains(conductances.Skip(1), line => line.Split(',')[1] != line.Split(',')[2]);
        // The physical spectrum has a mode per free node, positive and ascending.
        var modes = File.ReadAllLines(Path.Combine(analysis, "physical-spectrum.csv")).Skip(1).Select(l => double.Parse(l.Split(',')[2], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(modes, m => Assert.True(m > 0));
        Assert.Equal(modes.Order(), modes);

        // Again: refused without --force, nothing touched; replaced with it.
        var before = File.GetLastWriteTimeUtc(Path.Combine(analysis, "summary.json"));
        CliRun.AssertBadInput(await CliRun.InProcess("analyze", run), "add --force");
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(analysis, "summary.json")));
        Assert.Equal(0, (await CliRun.InProcess("analyze", run, "--force")).ExitCode);
        Assert.False(Directory.Exists(analysis + ".partial"));
    }

    [Fact]
    public async Task A_folder_that_is_not_a_run_and_a_nonlinear_run_are_one_line_each()
    {
        CliRun.AssertBadInput(await CliRun.InProcess("analyze", _directory), "not a training run's folder");
        var gen2 = Path.Combine(_directory, "gen2");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--task", "nonlinear-regression", "--element", "transistor", "--rule", "gate", "--epochs", "1", "--output", gen2, "--quiet")).ExitCode);
        CliRun.AssertBadInput(await CliRun.InProcess("analyze", gen2), "linear network");
        Assert.False(Directory.Exists(Path.Combine(gen2, "analysis")));
    }
}
