using System.Globalization;
using Clln.Core.Experiments;

namespace Clln.Cli.Tests;

public sealed class SweepCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-sweep-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    /// <summary>A sweep file of the reference engine over the clock, 2 seeds; its folder is named by the caller.</summary>
    private string SweepFile(int epochs, string sweep = """[{"field": "clock", "values": ["global", "desync"]}]""", string seeds = "2")
    {
        var path = Path.Combine(_directory, $"s{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{"base": {"engine": "reference", "rule": "potentiometer", "epochs": {{epochs}}, "checkpoint_every": 2}, "sweep": {{sweep}}, "seeds": {{seeds}}}""");
        return path;
    }

    private static string[] Lines(string folder, string file) => File.ReadAllLines(Path.Combine(folder, file));

    [Fact]
    public async Task A_small_sweep_runs_every_point_and_seed_and_writes_its_tables_and_plot()
    {
        var output = Folder("small");
        var result = await CliRun.InProcess("sweep", SweepFile(epochs: 3), "--output", output, "--concurrency", "2");
        Assert.Equal(0, result.ExitCode);

        var runs = Lines(output, "sweep.csv");
        Assert.StartsWith("clock,seed,folder,epochs,train_accuracy,test_accuracy,", runs[0]);
        Assert.Equal(["global,1", "global,2", "desync,1", "desync,2"], runs[1..].Select(r => string.Join(',', r.Split(',')[..2])));
        foreach (var row in runs[1..])
        {
            // Each row is its run's own summary: a normal training run in its own folder.
            var folder = Path.Combine(output, row.Split(',')[2]);
            var config = ExperimentFields.ReadFile(Path.Combine(folder, "config.json"));
            Assert.Equal((row.Split(',')[0], int.Parse(row.Split(',')[1], CultureInfo.InvariantCulture), 3), (config.Clock, config.Seed, config.Epochs));
            Assert.True(File.Exists(Path.Combine(folder, "network.json")));
        }

        // summary.csv agrees with the statistics of sweep.csv's own column.
        var summary = Lines(output, "summary.csv");
        var header = summary[0].Split(',');
        Assert.Equal(["clock", "n"], header[..2]);
        var accuracy = Array.IndexOf(runs[0].Split(','), "test_accuracy");
        for (var point = 0; point < 2; point++)
        {
            var values = runs[(1 + 2 * point)..(3 + 2 * point)].Select(r => double.Parse(r.Split(',')[accuracy], CultureInfo.InvariantCulture)).ToArray();
            var cells = summary[1 + point].Split(',');
            Assert.Equal("2", cells[1]);
            Assert.Equal(values.Average(), double.Parse(cells[Array.IndexOf(header, "test_accuracy_mean")], CultureInfo.InvariantCulture), 12);
            var sd = Math.Abs(values[0] - values[1]) / Math.Sqrt(2);
            Assert.Equal(sd, double.Parse(cells[Array.IndexOf(header, "test_accuracy_sd")], CultureInfo.InvariantCulture), 12);
            Assert.Equal(12.706205 * sd / Math.Sqrt(2), double.Parse(cells[Array.IndexOf(header, "test_accuracy_ci95")], CultureInfo.InvariantCulture), 5);
        }
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(output, "test_accuracy.png"))[0]);
        Assert.Contains("clock=desync: n 2, test_accuracy ", result.Out);
    }

    [Fact]
    public async Task An_interrupted_sweep_resumes_without_redoing_finished_runs_and_ends_as_an_undisturbed_one()
    {
        // Runs long enough (tens of milliseconds each) that the watcher below stops the sweep
        // before the third has finished: at 60 epochs a quiet machine finished all three first.
        var file = SweepFile(epochs: 400, seeds: "[1, 2, 3]", sweep: """[{"field": "update_probability", "values": [0.5]}]""");
        Assert.Equal(0, (await CliRun.InProcess("sweep", file, "--output", Folder("whole"), "--concurrency", "1")).ExitCode);

        // Ctrl-C as soon as the first run has finished: the second is stopped part-way or not started.
        var output = Folder("parts");
        var first = Path.Combine(output, "p00_update_probability=0.5", "seed-1", "summary.json");
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(first)) await Task.Delay(2);
            stop.Cancel();
        });
        var error = new StringWriter();
        var code = await CllnApp.RunAsync(["sweep", file, "--output", output, "--concurrency", "1"], new StringWriter(), error, stop.Token);
        await watcher;
        Assert.Equal(130, code);
        var finishedBefore = Lines(output, "sweep.csv").Length - 1;
        Assert.InRange(finishedBefore, 1, 2);
        var firstWritten = File.GetLastWriteTimeUtc(first);
        var firstMetrics = File.ReadAllText(Path.Combine(Path.GetDirectoryName(first)!, "metrics.csv"));

        // The folder holds the stopped sweep: continuing there is asked for with --force.
        Assert.Contains("(to continue: clln sweep", error.ToString());
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", file, "--output", output, "--concurrency", "1"), $"{output}: exists; add --force to continue the sweep there");
        var resumed = await CliRun.InProcess("sweep", file, "--output", output, "--concurrency", "1", "--force");
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains($"{finishedBefore} finished earlier", resumed.Error);
        Assert.Equal(firstWritten, File.GetLastWriteTimeUtc(first));
        Assert.Equal(firstMetrics, File.ReadAllText(Path.Combine(Path.GetDirectoryName(first)!, "metrics.csv")));
        Assert.Equal(4, Lines(output, "sweep.csv").Length);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            string Trained(string root) => File.ReadAllText(Path.Combine(root, "p00_update_probability=0.5", $"seed-{seed}", "network.json"));
            Assert.Equal(Trained(Folder("whole")), Trained(output));
        }

        // Once everything is done, another go runs nothing.
        Assert.Contains("3 finished earlier, 0 to continue, 0 to start", (await CliRun.InProcess("sweep", file, "--output", output, "--force")).Error);
    }

    [Fact]
    public async Task A_folder_of_another_experiment_is_an_error_and_nothing_is_overwritten()
    {
        var output = Folder("changed");
        Assert.Equal(0, (await CliRun.InProcess("sweep", SweepFile(epochs: 2, seeds: "1"), "--output", output)).ExitCode);
        var before = Lines(output, "sweep.csv");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", SweepFile(epochs: 3, seeds: "1"), "--output", output, "--force"), "holds a run of another experiment (\"epochs\": 2 there, \"epochs\": 3 in the sweep)");
        Assert.Equal(before, Lines(output, "sweep.csv"));
    }

    [Theory]
    [InlineData("""[{"field": "clock", "values": []}]""", "sweep[0].values: the list is empty")]
    [InlineData("""[{"field": "clok", "values": ["global"]}]""", "sweep[0].field: 'clok' is not an experiment field")]
    [InlineData("""[{"field": "alpha", "start": 0.1, "stop": 0.01, "step": 0.01}]""", "sweep[0].stop: must exceed start (0.1), not 0.01")]
    [InlineData("""[{"field": "clock", "values": ["global", "sometimes"]}]""", "point clock=sometimes: experiment field clock: must be global or desync, not 'sometimes'")]
    public async Task Bad_sweep_files_are_one_line_errors_naming_the_field_and_write_nothing(string sweep, string expected)
    {
        var output = Folder("bad");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", SweepFile(epochs: 2, sweep: sweep), "--output", output), expected);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Bad_command_lines_are_usage_errors()
    {
        CliRun.AssertBadInput(await CliRun.InProcess("sweep"), "sweep: missing a sweep file");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", SweepFile(epochs: 2), "--concurrency", "0"), "--concurrency must be at least 1");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", Folder("none.json")), "none.json: no such file");
    }

    [Fact]
    public async Task A_metric_the_runs_do_not_report_is_an_error_once_they_are_done_and_they_are_kept()
    {
        // Which numbers summary.json holds is known only from the runs; finished ones are kept, so a second go with --metric only plots.
        var (file, output) = (SweepFile(epochs: 1, seeds: "1"), Folder("metric"));
        var result = await CliRun.InProcess("sweep", file, "--output", output, "--metric", "accuracy");
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("clln: error: metric accuracy: not a number in the runs' summary.json (there: epochs, train_accuracy, test_accuracy", result.Error.TrimEnd().Split('\n')[^1]);
        Assert.False(File.Exists(Path.Combine(output, "accuracy.png")));
        var again = await CliRun.InProcess("sweep", file, "--output", output, "--metric", "train_loss", "--force");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("2 finished earlier", again.Error);
        Assert.True(File.Exists(Path.Combine(output, "train_loss.png")));
    }

    [Fact]
    public void Every_shipped_sweep_example_parses_and_every_point_is_a_valid_experiment()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples", "sweeps"), "*.json");
        Assert.NotEmpty(examples);
        foreach (var file in examples)
            Assert.NotEmpty(Sweep.ReadFile(file).Points());
    }
}
