using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Cli;
using Clln.Cli.Training;
using Clln.Core.Experiments;
using Clln.Core.Statistics;

namespace Clln.Bench.Sweeps;

/// <summary>
/// `sweeps`: runs the example sweeps (examples/sweeps/NAME.json) through `clln sweep` and writes
/// each one's table into docs/results.md (section sweep-NAME) and its plot to docs/images/NAME.png.
/// The runs stay under runs/examples/NAME, so a second go only redoes the tables.
/// </summary>
public sealed class ExampleSweeps : IBenchmark
{
    public string Name => "sweeps";

    public string Description => "the example sweeps (examples/sweeps) -> docs/results.md and docs/images";

    public string? Usage => "usage: Clln.Bench sweeps [NAME ...]\n  runs the example sweeps of examples/sweeps (all, or those NAMEd) into runs/examples; writes docs/results.md and docs/images";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public int Run(string[] args)
    {
        var root = RepositoryRoot.Find();
        var files = Directory.GetFiles(Path.Combine(root, "examples", "sweeps"), "*.json").Order().ToArray();
        var chosen = args.Length == 0 ? files : args.Select(a => files.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == a)
            ?? throw new BenchmarkException($"no example sweep '{a}' (known: {string.Join(", ", files.Select(Path.GetFileNameWithoutExtension))})")).ToArray();
        foreach (var file in chosen)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var output = Path.Combine(root, "runs", "examples", name);
            // Exit code 1: some runs failed (each named in a warning); the table reports the others, and n shows the gap.
            // --force: the folder of an earlier go is continued, its finished runs kept.
            var code = CllnApp.RunAsync(["sweep", file, "--output", output, "--force"], Console.Out, Console.Error).GetAwaiter().GetResult();
            if (code is not (0 or 1)) throw new BenchmarkException($"clln sweep {name} exited with {code}");
            var sweep = Sweep.ReadFile(file) with { Output = output };
            var image = Path.Combine(root, "docs", "images", $"{name}.png");
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            File.Copy(Path.Combine(output, sweep.Metric + ".png"), image, overwrite: true);
            var path = BenchmarkDocument.WriteSection($"sweep-{name}", Table(name, sweep, new SweepFolder(sweep).FinishedRuns()), "results.md");
            Console.WriteLine($"wrote {path} and {image}");
        }
        return 0;
    }

    private static string Table(string name, Sweep sweep, IReadOnlyList<SweepRun> runs)
    {
        var e = sweep.Base;
        var names = SweepTables.MetricNames(runs);
        // Beside the metric, its mean over each run's last epochs (summary.json's METRIC_last_10)
        // when the runs report it: where a run settled, not one epoch's sample of it.
        var compared = new[] { sweep.Metric, $"{sweep.Metric}_last_{Clln.Cli.Commands.TrainCommand.TailEpochs}" }.Where(m => m == sweep.Metric || names.Contains(m)).ToArray();
        var metrics = compared.Concat(Recovery.Where(m => m != sweep.Metric && names.Contains(m)))
            .Concat(Also.GetValueOrDefault(name, []).Where(names.Contains)).ToArray();
        var paired = sweep.Parameters[0].Values.Count > 1 ? compared : [];
        var first = $"{sweep.Parameters[0].Field}={sweep.Parameters[0].Values[0]}";
        var text = new StringBuilder();
        text.AppendLine($"## {sweep.Description ?? name}\n");
        var swept = sweep.Parameters.Select(p => p.Field).ToHashSet();
        var settings = new[] { ("task", $"task {e.Task}"), ("topology", e.Topology), ("rule", $"rule {e.Rule}"), ("engine", $"engine {e.Engine}"), ("epochs", $"{TaskSequence.Normalize(sweep.Points()[0].Experiment).Epochs} epochs") }
            .Where(s => !swept.Contains(s.Item1)).Select(s => s.Item2);
        text.AppendLine($"`clln sweep examples/sweeps/{name}.json`: {string.Join(", ", settings)}, seeds {Seeds(sweep.Seeds)} " +
            $"(the file holds every other setting). Mean over the seeds with its 95 % Student t interval" +
            (paired.Length > 0 ? $"; the difference from {first} is taken seed by seed (same layout and initial conductances) with its own 95 % interval." : "."));
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", [.. sweep.Parameters.Select(p => p.Field), "n", .. metrics.Select(m => $"{m}, mean ± 95 %"), $"{sweep.Metric} sd", .. paired.Select(m => $"{m} - that of {first}")]) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat(" --- |", sweep.Parameters.Count + 2 + metrics.Length + paired.Length)));
        foreach (var point in SweepTables.Summarize(sweep.Points(), runs))
        {
            text.AppendLine("| " + string.Join(" | ", [
                .. point.Point.Settings.Select(s => s.Value ?? "none"), point.Runs.ToString(Invariant),
                .. metrics.Select(m => Interval(point.Metrics.GetValueOrDefault(m), m)), Number(point.Metrics[sweep.Metric].StandardDeviation),
                .. paired.Select(m => SweepTables.PairedDifference(sweep, runs, point.Point, m) is { } difference ? Interval(difference) : "(baseline)")]) + " |");
        }
        text.AppendLine();
        text.AppendLine($"![{sweep.Metric} against {sweep.Parameters[0].Field}](images/{name}.png)");
        text.AppendLine();
        var expected = sweep.Points().Count * sweep.Seeds.Count;
        if (runs.Count < expected) text.AppendLine($"{expected - runs.Count} of {expected} runs failed (clln sweep names each; n counts the others).\n");
        text.AppendLine($"{runs.Count} runs, {runs.Sum(r => r.Metric("wall_s")):0} s of training altogether (the runs' wall_s; the sweep runs as many at once as there are cores) on {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, load average {MachineInfo.LoadAverage} " +
            $"(shared: timings are noisy); {MachineInfo.Dotnet}; {DateTime.UtcNow:yyyy-MM-dd}. Tables: `dotnet run -c Release --project bench/Clln.Bench -- sweeps {name}`.");
        return text.ToString();
    }

    /// <summary>What a damaged run reports besides: the accuracy before the damage and right after it, and how long recovery took (its final accuracy is test_accuracy).</summary>
    private static readonly string[] Recovery = ["damage.accuracy_before", "damage.accuracy_right_after", "damage.epochs_to_recover"];

    /// <summary>Further columns a sweep's question needs: comparing rules asks how close each steps to the gradient, and at what power.</summary>
    private static readonly Dictionary<string, string[]> Also = new()
    {
        ["learning-rules"] = ["gradient_cosine_last_10", "free_power_w"],
        ["power-efficient"] = ["test_accuracy", "test_accuracy_last_10"],
        ["continuous-learning"] = ["test_loss"],
        ["learning-bias"] = ["tasks.A.log10_test_loss_after_training", "tasks.B.log10_test_loss_at_end"],
        ["overclamping"] = ["tasks.A.log10_test_loss_at_end", "tasks.A.log10_late_drift", "tasks.B.log10_test_loss_at_end"],
        ["bias-floor"] = ["update_norm_last_10_s"],
        ["digits"] = ["linear_baseline_test_accuracy"],
        ["digits-transistor"] = ["linear_baseline_test_accuracy", "train_accuracy"],
        ["digits-layered"] = ["linear_baseline_test_accuracy", "train_accuracy", "linear_baseline_train_accuracy"],
        ["limit-cycles"] = ["tasks.A.log10_test_loss_at_end", "tasks.B.log10_test_loss_at_end"],
        ["cycle-scaling"] = ["tasks.A.log10_test_loss_at_end", "tasks.B.log10_test_loss_at_end"],
        ["overclamping-memory"] = ["tasks.A.log10_test_loss_after_training", "tasks.B.log10_test_loss_at_end", "cycle_span"],
    };

    private static string Seeds(IReadOnlyList<int> seeds) =>
        seeds.SequenceEqual(Enumerable.Range(seeds[0], seeds.Count)) ? $"{seeds[0]}..{seeds[^1]}" : string.Join(", ", seeds);

    /// <summary>mean ± half width (low .. high); for a metric, the bounds clipped to the values it can take (an accuracy's [0, 1], a loss's or a power's above 0).</summary>
    private static string Interval(SampleSummary? s, string? metric = null)
    {
        if (s is null || s.Count == 0) return "-";
        if (s.Count == 1) return Number(s.Mean);
        var (low, high) = metric is null ? (s.Low95, s.High95) : Clln.Cli.Reporting.SweepPlot.Interval(s.Mean, s.HalfWidth95, Clln.Cli.Reporting.SweepPlot.RangeOf(metric));
        return $"{Number(s.Mean)} ± {Number(s.HalfWidth95)} ({Number(low)} .. {Number(high)})";
    }

    /// <summary>Accuracies to 3 decimals; small numbers (losses in V²) to 3 significant digits.</summary>
    private static string Number(double x) => !double.IsFinite(x) ? "-" : x.ToString(x == 0 ? "0" : Math.Abs(x) >= 10 ? "0.#" : Math.Abs(x) >= 0.01 ? "0.000" : "0.00e0", Invariant);
}
