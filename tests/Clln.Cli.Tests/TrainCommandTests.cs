using System.Globalization;
using System.Text.Json;
using Clln.Core.Elements;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Cli.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-train-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    private static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;

    private static string Trained(string folder) => File.ReadAllText(Path.Combine(folder, "network.json"));

    [Fact]
    public async Task A_short_run_writes_every_result_file_and_the_trained_network_solves()
    {
        var output = Folder("short");
        var result = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "3", "--output", output);
        Assert.Equal(0, result.ExitCode);
        foreach (var file in new[] { "config.json", "metrics.csv", "summary.json", "network.json", "checkpoint.msgpack", "loss.png", "accuracy.png", "network.png" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing");
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,free_power_w,messages,wall_ms,energy_per_parameter_j,damage,uncertified_phases,largest_error_bound_v,gradient_cosine,update_norm_s,dropped_messages,cross_member_messages", metrics[0]);
        Assert.Equal(5, metrics.Length); // header, untrained, 3 epochs
        var summary = Summary(output);
        Assert.Equal(3, summary.GetProperty("epochs").GetInt32());
        Assert.Equal(1, summary.GetProperty("seed").GetInt32());
        Assert.InRange(summary.GetProperty("test_accuracy").GetDouble(), 0, 1);
        // Beside it, the best affine map of the inputs on the same split.
        Assert.InRange(summary.GetProperty("linear_baseline_test_accuracy").GetDouble(), 0.75, 1);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("linear_baseline_test_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("linear_baseline_train_loss").ValueKind);
        Assert.True(summary.GetProperty("wall_s").GetDouble() > 0);
        // Where the run settled: the mean of the trained epochs' rows (all 3 here, fewer than 10), not the untrained one.
        double Column(int c) => metrics[2..].Average(r => double.Parse(r.Split(',')[c], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Column(3), summary.GetProperty("test_loss_last_10").GetDouble(), 12);
        Assert.Equal(Column(4), summary.GetProperty("test_accuracy_last_10").GetDouble(), 12);
        // Each epoch says how close its steps were to gradient descent: a descent direction, measured on trained rows only.
        Assert.Equal("", metrics[1].Split(',')[12]);
        Assert.All(metrics[2..], r => Assert.InRange(double.Parse(r.Split(',')[12], System.Globalization.CultureInfo.InvariantCulture), 0.01, 1));
        Assert.All(metrics[2..], r => Assert.True(double.Parse(r.Split(',')[13], System.Globalization.CultureInfo.InvariantCulture) > 0));
        Assert.Equal(Column(12), summary.GetProperty("gradient_cosine_last_10").GetDouble(), 12);
        Assert.Equal(0, (await CliRun.InProcess("solve", Path.Combine(output, "network.json"), "--format", "json")).ExitCode);
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(output, "loss.png"))[0]); // a PNG signature
    }

    [Fact]
    public async Task Config_and_summary_record_the_clln_version_and_commit_and_the_config_trains_again()
    {
        var output = Folder("recorded");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--task", "linear-regression", "--epochs", "1", "--output", output)).ExitCode);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "config.json"))).RootElement;
        foreach (var record in new[] { config, Summary(output) })
        {
            Assert.Equal(BuildInfo.Version, record.GetProperty("clln").GetProperty("version").GetString());
            Assert.Equal(BuildInfo.Commit, record.GetProperty("clln").GetProperty("commit").GetString());
        }
        // The run's config.json is an experiment file: the record is accepted and ignored.
        var again = Folder("again");
        var rerun = await CliRun.InProcess("train", Path.Combine(output, "config.json"), "--output", again);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(Trained(output), Trained(again));
    }

    [Fact]
    public async Task The_default_engine_is_the_actors_and_it_reports_its_messages()
    {
        var output = Folder("actors");
        Assert.Equal(0, (await CliRun.InProcess("train", "--epochs", "2", "--output", output)).ExitCode);
        var summary = Summary(output);
        Assert.Equal("actors", summary.GetProperty("engine").GetString());
        Assert.True(summary.GetProperty("messages").GetInt64() > 1000);
        var rows = File.ReadAllLines(Path.Combine(output, "metrics.csv")).Skip(2).Select(r => long.Parse(r.Split(',')[6])).ToArray();
        Assert.All(rows, messages => Assert.True(messages > 0));
    }

    [Fact]
    public async Task An_experiment_file_sets_fields_and_flags_override_it()
    {
        var file = Path.Combine(_directory, "e.json");
        File.WriteAllText(file, $$"""{"engine": "reference", "task": "linear-regression", "epochs": 5, "seed": 4, "output": "{{Folder("file").Replace("\\", "\\\\")}}"}""");
        Assert.Equal(0, (await CliRun.InProcess("train", file, "--epochs", "2")).ExitCode);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder("file"), "config.json"))).RootElement;
        Assert.Equal("linear-regression", config.GetProperty("task").GetString());
        Assert.Equal(2, config.GetProperty("epochs").GetInt32());
        Assert.Equal(4, config.GetProperty("seed").GetInt32());
    }

    [Fact]
    public Task Resuming_a_shorter_run_ends_exactly_where_an_undisturbed_run_ends() =>
        AssertResumedRunEndsAsTheUndisturbedOne(["--engine", "reference", "--clock", "desync", "--rule", "potentiometer", "--seed", "6"], firstEpochs: 2, epochs: 6);

    /// <summary>
    /// The actors keep state between phases (voltages, what they last told each other); a
    /// checkpoint holds the settled voltages, and taking it starts the actors afresh from them as
    /// restoring it does, so with the clocked schedule a resumed run is the undisturbed one bit for
    /// bit: the same network and the same metrics rows, messages included.
    /// </summary>
    [Fact]
    public Task Resuming_an_actors_run_ends_bit_for_bit_where_the_undisturbed_run_ends() =>
        AssertResumedRunEndsAsTheUndisturbedOne(["--engine", "actors", "--schedule", "clocked", "--train-per-class", "2", "--seed", "5"], firstEpochs: 1, epochs: 3);

    /// <summary>
    /// Trains <paramref name="epochs"/> epochs straight, and <paramref name="firstEpochs"/> then
    /// resumed to <paramref name="epochs"/>: the same network.json and metrics rows (wall time aside).
    /// </summary>
    private async Task AssertResumedRunEndsAsTheUndisturbedOne(string[] common, int firstEpochs, int epochs)
    {
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", $"{epochs}", "--output", Folder("whole")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", $"{firstEpochs}", "--output", Folder("parts")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", Folder("parts"), "--epochs", $"{epochs}")).ExitCode);
        Assert.Equal(Trained(Folder("whole")), Trained(Folder("parts")));
        Assert.Equal(File.ReadAllLines(Path.Combine(Folder("whole"), "metrics.csv")).Select(DropWallTime), File.ReadAllLines(Path.Combine(Folder("parts"), "metrics.csv")).Select(DropWallTime));
        // Every epoch's learned values (the live view's replay), each epoch once.
        Assert.Equal(File.ReadAllLines(Path.Combine(Folder("whole"), "learned_values.csv")), File.ReadAllLines(Path.Combine(Folder("parts"), "learned_values.csv")));
    }

    [Fact]
    public async Task Interrupting_keeps_the_finished_epochs_and_the_run_resumes_to_the_undisturbed_result()
    {
        string[] common = ["--engine", "reference", "--seed", "2", "--epochs", "300"];
        using var stop = new CancellationTokenSource();
        var metrics = Path.Combine(Folder("stopped"), "metrics.csv");
        // Press Ctrl-C once a few epochs are done, as a person watching would.
        var watcher = Task.Run(async () =>
        {
            while (!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 6) await Task.Delay(5);
            stop.Cancel();
        });
        var code = await CllnApp.RunAsync(["train", .. common, "--output", Folder("stopped")], new StringWriter(), new StringWriter(), stop.Token);
        await watcher;
        Assert.Equal(130, code);
        var summary = Summary(Folder("stopped"));
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        var finished = summary.GetProperty("epochs").GetInt32();
        Assert.InRange(finished, 4, 299);
        Assert.Equal(finished + 2, File.ReadAllLines(Path.Combine(Folder("stopped"), "metrics.csv")).Length);

        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", Folder("stopped"))).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--output", Folder("straight")])).ExitCode);
        Assert.Equal(Trained(Folder("straight")), Trained(Folder("stopped")));
        // What the interrupted run wrote past its checkpoint went: every epoch once, in order.
        Assert.Equal(Enumerable.Range(0, 301).Select(e => $"{e}"), File.ReadLines(Path.Combine(Folder("stopped"), "learned_values.csv")).Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData(new[] { "train", "--epoch", "3" }, "unknown option '--epoch' (did you mean --epochs?)")]
    [InlineData(new[] { "train", "--epochs", "three" }, "option --epochs: expected an integer, not 'three'")]
    [InlineData(new[] { "train", "--eta", "NaN" }, "option --eta: expected a finite number, not 'NaN'")]
    [InlineData(new[] { "train", "--eta", "12" }, "experiment field eta: must be in (0, 10] (above 1: overclamping), not 12")]
    [InlineData(new[] { "train", "--task", "csv" }, "experiment field data: the csv task needs a data file (--data FILE)")]
    [InlineData(new[] { "train", "--task", "csv", "--data", "/nonexistent.csv", "--label", "y" }, "/nonexistent.csv: no such file")]
    [InlineData(new[] { "train", "--resume", "/nonexistent-run" }, "/nonexistent-run/config.json: no such file")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string[] args, string message) =>
        CliRun.AssertBadInput(await CliRun.InProcess(args), message);

    [Fact]
    public async Task A_csv_data_set_trains_and_a_bad_one_is_named_with_its_line()
    {
        var good = Path.Combine(_directory, "two.csv");
        File.WriteAllLines(good, ["a,b,kind", .. Enumerable.Range(0, 40).Select(i => $"{i % 2 + 0.1 * (i % 5)},{1 - i % 2},{(i % 2 == 0 ? "left" : "right")}")]);
        var result = await CliRun.InProcess("train", "--engine", "reference", "--task", "csv", "--data", good, "--label", "kind", "--train-per-class", "5", "--epochs", "20", "--output", Folder("csv"));
        Assert.Equal(0, result.ExitCode);
        Assert.True(Summary(Folder("csv")).GetProperty("test_accuracy").GetDouble() > 0.9);

        var bad = Path.Combine(_directory, "bad.csv");
        File.WriteAllLines(bad, ["a,b,kind", "1,2,x", "1,oops,y"]);
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--task", "csv", "--data", bad, "--label", "kind"), "bad.csv:3: column 'b' is not numeric: 'oops'");
    }

    [Fact]
    public void Every_shipped_example_is_a_valid_experiment()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.json");
        Assert.NotEmpty(examples);
        foreach (var file in examples)
            Clln.Core.Experiments.ExperimentSetup.Prepare(Clln.Core.Experiments.ExperimentFields.ReadFile(file));
    }

    /// <summary>
    /// Every epoch's row says how many transmissions its lossy links lost (each sent again by the
    /// link layer): none on clean links, some at 5 % loss, and the same learning either way
    /// (clocked: the repaired links deliver what the clean ones do).
    /// </summary>
    [Fact]
    public async Task Metrics_count_the_transmissions_lossy_links_lost_and_repaired()
    {
        string[] common = ["train", "--engine", "actors", "--schedule", "clocked", "--epochs", "1", "--train-per-class", "2"];
        Assert.Equal(0, (await CliRun.InProcess([.. common, "--output", Folder("clean")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess([.. common, "--message-loss", "0.05", "--output", Folder("lossy")])).ExitCode);
        static string[] Row(string folder, int epoch) => File.ReadAllLines(Path.Combine(folder, "metrics.csv"))[epoch + 1].Split(',');
        var header = File.ReadAllLines(Path.Combine(Folder("lossy"), "metrics.csv"))[0].Split(',');
        var (dropped, cross) = (Array.IndexOf(header, "dropped_messages"), Array.IndexOf(header, "cross_member_messages"));
        Assert.Equal("0", Row(Folder("clean"), 1)[dropped]);
        Assert.True(long.Parse(Row(Folder("lossy"), 1)[dropped], CultureInfo.InvariantCulture) > 0);
        Assert.Equal("0", Row(Folder("lossy"), 1)[cross]); // one process
        Assert.Equal(Trained(Folder("clean")), Trained(Folder("lossy")));
    }

    /// <summary>
    /// The shipped digits (the UCI set scikit-learn ships: 1,797 images, 10 classes of 174 to 183)
    /// train as a 10-class csv task beside the least-squares linear classifier of the same split
    /// (about 0.93 with 100 images a digit). The example's differential targets (a pair of outputs
    /// a class) let the network weigh a pixel negatively, which one output of a resistor network,
    /// a positive-weighted average, cannot: two epochs already come near the baseline (0.81 when
    /// written), and far above adaptive targets on 10 outputs (0.57).
    /// </summary>
    [Fact]
    public async Task The_shipped_digits_train_as_ten_classes_beside_the_linear_baseline()
    {
        var lines = File.ReadAllLines(CliRun.DataFile("digits.csv"));
        Assert.Equal(1 + 1797, lines.Length);
        Assert.Equal(65, lines[0].Split(',').Length);
        var counts = lines[1..].GroupBy(l => l[(l.LastIndexOf(',') + 1)..]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(10, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 174, 183));
        async Task<System.Text.Json.JsonElement> TrainAsync(string targets)
        {
            var output = Path.Combine(_directory, "digits-" + targets);
            var result = await CliRun.InProcess("train", Path.Combine(AppContext.BaseDirectory, "examples", "digits.json"), "--data", CliRun.DataFile("digits.csv"),
                "--targets", targets, "--epochs", "2", "--output", output);
            Assert.True(result.ExitCode == 0, result.Error);
            return System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        }
        var (differential, adaptive) = (await TrainAsync("differential"), await TrainAsync("adaptive"));
        Assert.InRange(differential.GetProperty("linear_baseline_test_accuracy").GetDouble(), 0.9, 0.97);
        // It fits its own 1,000 training images a little more closely than it generalises.
        Assert.InRange(differential.GetProperty("linear_baseline_train_accuracy").GetDouble(), differential.GetProperty("linear_baseline_test_accuracy").GetDouble(), 1);
        var (pairs, nearest) = (differential.GetProperty("test_accuracy").GetDouble(), adaptive.GetProperty("test_accuracy").GetDouble());
        Assert.True(pairs > 0.75, $"differential targets: test accuracy {pairs}");
        Assert.True(pairs > nearest + 0.15, $"differential targets {pairs} against adaptive {nearest}");
    }

    /// <summary>
    /// The layered digits network (docs/results.md: above the linear baseline with transistor
    /// edges): no pixel touches an output, so every path from the image to the decision passes an
    /// inner node, and one epoch already sorts most of the test images.
    /// </summary>
    [Fact]
    public async Task The_shipped_layered_digits_network_keeps_pixels_off_the_outputs_and_learns()
    {
        var network = NetworkFile.Load(CliRun.DataFile("digits-layered.json"), _ => { });
        int Count(NodeRole role) => network.Nodes.Count(n => n.Role == role);
        Assert.Equal((64, 20, 1, 1500), (Count(NodeRole.Input), Count(NodeRole.Output), Count(NodeRole.Ground), network.EdgeCount));
        Assert.All(network.Edges, e => Assert.IsType<Transistor>(e.Element));
        Assert.DoesNotContain(network.Edges, e => (network.Nodes[e.From].Role, network.Nodes[e.To].Role) is (NodeRole.Input, NodeRole.Output) or (NodeRole.Output, NodeRole.Input));
        var output = Path.Combine(_directory, "layered");
        var result = await CliRun.InProcess("train", "--task", "csv", "--data", CliRun.DataFile("digits.csv"), "--label", "digit", "--targets", "differential",
            "--train-per-class", "150", "--topology", "file:" + CliRun.DataFile("digits-layered.json"), "--element", "transistor", "--rule", "gate",
            "--gain", "1000", "--target-margin", "0.05", "--eta", "0.2", "--engine", "reference", "--epochs", "1", "--output", output);
        Assert.True(result.ExitCode == 0, result.Error);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        Assert.True(summary.GetProperty("test_accuracy").GetDouble() > 0.85, $"test accuracy {summary.GetProperty("test_accuracy").GetDouble()} after one epoch");
    }

    private static string DropWallTime(string row) => string.Join(',', row.Split(',').Where((_, i) => i != 7)); // wall_ms
}
