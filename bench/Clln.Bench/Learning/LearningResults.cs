using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Experiments;
using Clln.Core.Statistics;

namespace Clln.Bench.Learning;

/// <summary>
/// `learning`: the issue's learning targets, measured over seeds with the same code `clln train`
/// runs, and written to docs/results.md: Iris with each rule and clock, linear regression's error
/// reduction, and time per epoch of each engine (docs/benchmarks.md).
/// </summary>
public sealed class LearningResults : IBenchmark
{
    public string Name => "learning";

    public string Description => "learning targets over 5 seeds (Iris, linear regression) -> docs/results.md";

    public string? Usage => "usage: Clln.Bench learning [SEEDS] [ENGINE]\n  SEEDS seeds (default 5) of Iris and the linear regression on ENGINE (reference or actors; default reference); writes docs/results.md";

    public int Run(string[] args)
    {
        var seeds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
        var engine = args.Length > 1 ? args[1] : "reference";
        var command = $"dotnet run -c Release --project bench/Clln.Bench -- learning {seeds} {engine}";
        var iris = new (string Label, Experiment Experiment)[]
        {
            ("continuous, global clock", new Experiment()),
            ("potentiometer, global clock", new Experiment { Rule = "potentiometer" }),
            ("continuous, desynchronous p = 0.5", new Experiment { Clock = "desync", UpdateProbability = 0.5 }),
            ("potentiometer, desynchronous p = 0.5", new Experiment { Rule = "potentiometer", Clock = "desync", UpdateProbability = 0.5 }),
        };
        var table = new StringBuilder();
        table.AppendLine($"## Iris on the 4x4 periodic lattice ({engine} engine)\n");
        table.AppendLine($"{seeds} seeds (1..{seeds}), {new Experiment().Epochs} epochs, defaults of `clln train` otherwise (4 inputs, 3 outputs, ground, no bias; adaptive targets, margin 0.02 V; eta 0.5, alpha 0.01 S/V²).\n");
        table.AppendLine("| rule and clock | test accuracy, mean ± sd | 95 % interval | per seed | time per epoch | messages per second |");
        table.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (label, experiment) in iris)
        {
            var results = Enumerable.Range(1, seeds).Select(s => TrainingRun.Train(experiment with { Seed = s, Engine = engine })).ToArray();
            var accuracies = results.Select(r => r.Last.TestAccuracy).ToArray();
            var (_, mean, sd, half) = SampleSummary.Of(accuracies);
            var perEpoch = results.Average(r => r.EpochMs(experiment.Epochs));
            var rate = results.Average(r => r.MessagesPerSecond);
            table.AppendLine($"| {label} | {mean:0.000} ± {sd:0.000} | {mean - half:0.000} .. {mean + half:0.000} | {string.Join(", ", accuracies.Select(a => a.ToString("0.000", CultureInfo.InvariantCulture)))} | {perEpoch:0.0} ms | {(rate > 0 ? rate.ToString("N0", CultureInfo.InvariantCulture) : "-")} |");
            Console.WriteLine($"{label}: {mean:0.000} ± {sd:0.000}");
        }

        table.AppendLine($"\n## Linear regression on the 4x4 periodic lattice ({engine} engine)\n");
        table.AppendLine("Targets from a teacher network (same wiring, other conductances): 3 inputs, 2 outputs, 20 training and 40 test samples.\n");
        table.AppendLine("| seed | test loss before (V²) | after (V²) | reduction |");
        table.AppendLine("| --- | --- | --- | --- |");
        foreach (var seed in Enumerable.Range(1, seeds))
        {
            var r = TrainingRun.Train(new Experiment { Task = "linear-regression", Seed = seed, Engine = engine });
            table.AppendLine($"| {seed} | {r.First.TestLoss:0.000e0} | {r.Last.TestLoss:0.000e0} | {r.First.TestLoss / r.Last.TestLoss:0.0e0} x |");
        }
        table.AppendLine($"\nMachine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores; {MachineInfo.Dotnet}. {DateTime.UtcNow:yyyy-MM-dd}. Command: `{command}`.");
        var path = BenchmarkDocument.WriteSection($"learning-{engine}", table.ToString(), "results.md");
        Console.WriteLine($"wrote {path}");
        return 0;
    }
}
