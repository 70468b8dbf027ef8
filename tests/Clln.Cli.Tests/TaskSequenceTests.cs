using System.Globalization;
using System.Text.Json;

namespace Clln.Cli.Tests;

/// <summary>Several tasks trained one after another on one network: what each remembers, and what a learning bias does to it.</summary>
public sealed class TaskSequenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-tasks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;

    /// <summary>metrics.csv as columns by name.</summary>
    private static Dictionary<string, double[]> Metrics(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        var header = lines[0].Split(',');
        return header.Select((name, c) => (name, c)).ToDictionary(h => h.name, h => lines[1..]
            .Select(l => l.Split(',')[h.c] is { Length: > 0 } cell ? double.Parse(cell, CultureInfo.InvariantCulture) : double.NaN).ToArray());
    }

    private async Task<string> TrainAsync(string name, string experiment)
    {
        var output = Path.Combine(_directory, name);
        var result = await CliRun.InProcess("train", Write(name + ".json", experiment), "--output", output, "--quiet");
        Assert.True(result.ExitCode == 0, result.Error);
        return output;
    }

    [Fact]
    public async Task Every_epoch_records_every_tasks_loss_and_the_summary_says_how_much_each_was_forgotten()
    {
        const string tasks = """[{"name": "A", "seed": 1, "epochs": 6}, {"name": "B", "seed": 2, "epochs": 6}]""";
        var output = await TrainAsync("ab", $$"""{"task": "linear-regression", "engine": "reference", "tasks": {{tasks}}}""");
        var m = Metrics(output);
        Assert.Equal(Enumerable.Range(0, 13).Select(e => (double)e), m["epoch"]);
        // The task trained: the first on the untrained row and its 6 epochs, then the second.
        Assert.Equal([.. Enumerable.Repeat(1.0, 7), .. Enumerable.Repeat(2.0, 6)], m["task"]);
        // Each row's own loss is the trained task's.
        for (var r = 0; r < 13; r++) Assert.Equal(m["test_loss"][r], m[r <= 6 ? "test_loss_A" : "test_loss_B"][r]);
        // The first task is trained exactly as the same experiment without a list.
        var alone = Metrics(await TrainAsync("a", """{"task": "linear-regression", "engine": "reference", "seed": 1, "epochs": 6}"""));
        Assert.Equal(alone["test_loss"], m["test_loss_A"][..7]);
        // Learning B moves the conductances A needed: A is forgotten, and the summary says by how much.
        var a = Summary(output).GetProperty("tasks").GetProperty("A");
        Assert.Equal(m["test_loss_A"][6], a.GetProperty("test_loss_after_training").GetDouble());
        Assert.Equal(m["test_loss_A"][12], a.GetProperty("test_loss_at_end").GetDouble());
        Assert.Equal(m["test_loss_A"][12] / m["test_loss_A"][6], a.GetProperty("forgetting").GetDouble(), 12);
        Assert.True(a.GetProperty("forgetting").GetDouble() > 10, $"forgetting {a.GetProperty("forgetting").GetDouble()}");
        var b = Summary(output).GetProperty("tasks").GetProperty("B");
        Assert.Equal(7, b.GetProperty("first_epoch").GetInt32());
        Assert.Equal(1.0, b.GetProperty("forgetting").GetDouble());
        Assert.Equal(12, Summary(output).GetProperty("epochs").GetInt32());
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(output, "task_losses.png"))[0]); // every task's curve, as a PNG
        Assert.False(File.Exists(Path.Combine(await TrainAsync("no-list", """{"task": "linear-regression", "engine": "reference", "epochs": 2}"""), "task_losses.png")));
        // config.json keeps the list (as objects) and trains again to the same numbers.
        var again = Path.Combine(_directory, "again");
        Assert.Equal(0, (await CliRun.InProcess("train", Path.Combine(output, "config.json"), "--output", again, "--quiet")).ExitCode);
        Assert.Equal(m["test_loss_A"], Metrics(again)["test_loss_A"]);
    }

    /// <summary>
    /// Two allostery tasks, each a single set of outputs for its inputs, share a large set of
    /// solutions: once B is learned, a perfect network stops moving, and A keeps whatever loss
    /// learning B left it with. A comparator offset is a learning bias: at B's solution each edge
    /// still steps by its offset, so the network drifts along B's solutions and A keeps getting
    /// worse while B stays learned (Dillavou, Guzman, Liu, Durian, arXiv:2505.22887).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    public async Task Once_the_second_task_is_learned_a_perfect_network_stops_while_a_learning_bias_keeps_erasing_the_first(double offset)
    {
        var output = await TrainAsync($"drift{offset}", $$"""
            {"task": "allostery", "engine": "reference", "comparator_offset": {{offset.ToString(CultureInfo.InvariantCulture)}},
             "tasks": [{"name": "A", "seed": 1, "epochs": 100}, {"name": "B", "seed": 2, "epochs": 300}]}
            """);
        var m = Metrics(output);
        var (a, b) = (m["test_loss_A"], m["test_loss_B"]);
        // B has converged by epoch 200 (its own floor), and stays there to the end.
        Assert.True(b[200] < 1e-4 && b[400] < 1e-4, $"B's loss {b[200]} and {b[400]}");
        var growth = a[400] / a[200];
        // Where the run settled each step still moves the network by the bias's size: nothing for a perfect one.
        var step = Summary(output).GetProperty("update_norm_last_10_s").GetDouble();
        Assert.True(offset == 0 ? step < 1e-12 : step > 1e-6, $"a step of {step} S at the end");
        // The drift (the mean step: the bias's net push along B's solutions) is no larger than the mean step's size.
        var drift = Summary(output).GetProperty("drift_per_step").GetDouble();
        Assert.True(drift <= step * (1 + 1e-9), $"drift {drift} S a step, steps of {step} S");
        Assert.True(offset == 0 ? drift < 1e-12 : drift > 1e-8, $"drift {drift} S a step");
        var perEdge = File.ReadAllLines(Path.Combine(output, "edge_drift.csv"));
        Assert.Equal("edge,from,to,learned_value,drift_per_step", perEdge[0]);
        var edges = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "network.json"))).RootElement.GetProperty("edges").GetArrayLength();
        Assert.Equal(edges + 1, perEdge.Length);
        Assert.Equal(drift, Math.Sqrt(perEdge[1..].Sum(l => Math.Pow(double.Parse(l.Split(',')[4], CultureInfo.InvariantCulture), 2))), drift * 1e-9 + 1e-300);
        // summary.json's measure of it: A's loss over the second half of B's training (epochs 250 to 400), in decades.
        var tasks = Summary(output).GetProperty("tasks");
        var late = tasks.GetProperty("A").GetProperty("log10_late_drift").GetDouble();
        Assert.Equal(Math.Log10(a[400] / a[250]), late, 1e-12);
        Assert.Equal(JsonValueKind.Null, tasks.GetProperty("B").GetProperty("log10_late_drift").ValueKind); // nothing was trained after B
        Assert.True(offset == 0 ? Math.Abs(late) < 0.04 : late > 0.1, $"A's loss rose {late} decades late in B's training");
        if (offset == 0) Assert.InRange(growth, 0.9, 1.1);
        else
        {
            Assert.True(growth > 1.3, $"A's loss went from {a[200]} to {a[400]} while B stayed learned");
            Assert.True(a[300] > a[200] && a[400] > a[300], $"A's loss {a[200]}, {a[300]}, {a[400]} keeps growing");
        }
    }

    /// <summary>
    /// Two allostery tasks trained in turn: a perfect network settles where both are learned and
    /// stops moving; with a learning bias it goes round a limit cycle between them whose span grows
    /// with the turn's length (the authors' data: D ~ tau).
    /// </summary>
    [Fact]
    public async Task Alternating_tasks_settle_without_a_bias_and_cycle_with_one_more_widely_the_longer_each_turn()
    {
        async Task<double> SpanAsync(double offset, int turn)
        {
            var output = await TrainAsync($"cycle-{offset}-{turn}", $$"""
                {"task": "allostery", "engine": "reference", "alpha": 0.0025, "epochs": 240, "task_cycles": 0, "task_epochs": {{turn}},
                 "comparator_offset": {{offset.ToString(CultureInfo.InvariantCulture)}}, "tasks": [{"name": "A", "seed": 1}, {"name": "B", "seed": 2}]}
                """);
            var m = Metrics(output);
            Assert.Equal(240, m["epoch"][^1]);
            Assert.Equal(turn == 1 ? 2.0 : 1.0, m["task"][2]); // epoch 2: B's first turn at one epoch a turn
            return Summary(output).GetProperty("cycle_span").GetDouble();
        }
        var (perfect, shortTurns, longTurns) = (await SpanAsync(0, 2), await SpanAsync(0.001, 2), await SpanAsync(0.001, 8));
        Assert.True(shortTurns > 1e-5, $"the bias's cycle spans {shortTurns} S");
        Assert.True(perfect < 0.02 * shortTurns, $"a perfect network still moves {perfect} S a turn, against {shortTurns} S with the bias");
        Assert.True(longTurns > 2.5 * shortTurns, $"turns 4x longer widen the cycle from {shortTurns} S to {longTurns} S");
    }

    /// <summary>
    /// Two allostery tasks from one teacher network (so one network can hold both) trained in turn:
    /// a perfect network keeps A through B's turns; a comparator offset (a learning bias) makes
    /// every B turn erase part of A; overclamping (eta 2 against 0.5) shrinks the bias against the
    /// learning signal, so A is forgotten far less and the limit cycle narrows (Dillavou, Guzman,
    /// Liu, Durian, arXiv:2505.22887; over 10 seeds in examples/sweeps/overclamping-memory.json).
    /// </summary>
    [Fact]
    public async Task Overclamping_keeps_the_memory_a_learning_bias_erases_between_tasks_one_network_can_hold()
    {
        async Task<(double A, double Span)> RunAsync(double offset, double eta)
        {
            var output = await TrainAsync($"memory-{offset}-{eta}", $$"""
                {"task": "allostery", "engine": "reference", "seed": 7, "alpha": 0.0025, "eta": {{eta.ToString(CultureInfo.InvariantCulture)}},
                 "comparator_offset": {{offset.ToString(CultureInfo.InvariantCulture)}}, "teacher_seed": 7,
                 "epochs": 400, "task_cycles": 0, "task_epochs": 4, "tasks": [{"name": "A"}, {"name": "B", "seed": 1001}]}
                """);
            var summary = Summary(output);
            Assert.Equal(2.0, Metrics(output)["task"][^1]); // the run ends on a turn of B
            return (summary.GetProperty("tasks").GetProperty("A").GetProperty("test_loss_at_end").GetDouble(), summary.GetProperty("cycle_span").GetDouble());
        }
        var perfect = await RunAsync(0, 0.5);
        var biased = await RunAsync(0.001, 0.5);
        var overclamped = await RunAsync(0.001, 2);
        Assert.True(biased.A > 30 * perfect.A, $"after B's last turn A's loss is {biased.A} with the bias, {perfect.A} without");
        Assert.True(overclamped.A < biased.A / 10, $"overclamped, A's loss is {overclamped.A}, against {biased.A} at eta 0.5");
        Assert.True(overclamped.Span < biased.Span / 2, $"overclamped, the cycle spans {overclamped.Span} S, against {biased.Span} S at eta 0.5");
    }

    /// <summary>examples/task-sequence.json, shortened to two epochs a task, trains on both engines.</summary>
    [Theory]
    [InlineData("reference")]
    [InlineData("actors")]
    public async Task The_shipped_example_trains_on_both_engines(string engine)
    {
        var output = Path.Combine(_directory, "example-" + engine);
        var result = await CliRun.InProcess("train", Path.Combine(AppContext.BaseDirectory, "examples", "task-sequence.json"), "--engine", engine,
            "--tasks", "name=A;seed=1;epochs=2,name=B;seed=2;epochs=2", "--output", output, "--quiet");
        Assert.True(result.ExitCode == 0, result.Error);
        var m = Metrics(output);
        Assert.Equal([1.0, 1, 1, 2, 2], m["task"]);
        Assert.All(m["test_loss_A"].Concat(m["test_loss_B"]), loss => Assert.True(loss >= 0));
    }

    [Fact]
    public async Task A_finished_run_goes_on_with_a_new_task_as_a_sequence_run_does()
    {
        var single = await TrainAsync("first", """{"task": "linear-regression", "engine": "reference", "seed": 1, "epochs": 4}""");
        var resumed = await CliRun.InProcess("train", "--resume", single, "--seed", "2", "--epochs", "3", "--quiet");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        var sequence = await TrainAsync("sequence", """
            {"task": "linear-regression", "engine": "reference", "tasks": [{"seed": 1, "epochs": 4}, {"seed": 2, "epochs": 3}]}
            """);
        var (m, expected) = (Metrics(single), Metrics(sequence));
        Assert.Equal(expected["test_loss_task2"][5..], m["test_loss_task2"][5..]);
        Assert.Equal(expected["test_loss_task1"], m["test_loss_task1"]);
        Assert.All(m["test_loss_task2"][..5], x => Assert.True(double.IsNaN(x))); // not measured before it was added
        Assert.Equal(expected["task"], m["task"]);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(single, "config.json"))).RootElement;
        Assert.Equal(2, config.GetProperty("tasks").GetArrayLength());
        Assert.Equal(7, config.GetProperty("epochs").GetInt32());
    }

    [Theory]
    [InlineData("""[{"name": "A", "epochs": 3}, {"name": "B", "task": "chess", "epochs": 3}]""",
        "experiment field tasks[2] (B).task: unknown task 'chess' (expected iris, allostery, linear-regression, nonlinear-regression, xor, moons or csv)")]
    [InlineData("""[{"name": "A", "epochs": 3}, {"name": "B", "task": "iris", "epochs": 3}]""",
        "experiment field tasks[2] (B): task iris needs 4 inputs and 3 outputs, but the network's nodes have the first task's roles, 3 inputs and 2 outputs")]
    [InlineData("""[]""", "experiment field tasks: an empty list; list at least one task, or leave the field out to train the run's own task")]
    [InlineData("""[{"name": "A", "epochs": 3, "k_min": 0.1}]""", "experiment field tasks[1]: a task cannot set 'k_min'")]
    [InlineData("""[{"name": "A", "seed": "x", "epochs": 3}]""", "experiment field tasks[1] (A).seed: expected an integer, not 'x'")]
    [InlineData("""[{"name": "A"}]""", "experiment field tasks[1] (A): epochs is missing")]
    public async Task A_bad_task_list_is_one_line_naming_the_task_and_field_and_writes_nothing(string tasks, string message)
    {
        var output = Path.Combine(_directory, "bad");
        var file = Write("bad.json", $$"""{"task": "linear-regression", "engine": "reference", "tasks": {{tasks}}}""");
        var result = await CliRun.InProcess("train", file, "--output", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output));
    }
}
