using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Experiments;
using Clln.Core.Training;

namespace Clln.Bench.Gen2;

/// <summary>
/// `gen2`: the transistor network's targets, measured over seeds with the code `clln train` runs
/// (reference engine), into docs/results.md: XOR-like and two-moons classification with transistor
/// edges beside resistor edges on the same lattice, and the nonlinear regression's error
/// reduction with the epoch at which each error component (mean, slope, curvature) first falls
/// below a tenth of where it started.
/// </summary>
public sealed class Gen2Results : IBenchmark
{
    public string Name => "gen2";

    public string Description => "transistor networks: xor, moons and nonlinear regression over 5 seeds -> docs/results.md";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public int Run(string[] args)
    {
        var seeds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
        var epochs = args.Length > 1 && int.TryParse(args[1], out var m) ? m : 100;
        var command = $"dotnet run -c Release --project bench/Clln.Bench -- gen2 {seeds} {epochs}";
        var transistor = new Experiment { Element = "transistor", Rule = "gate", Engine = "reference", Epochs = epochs };
        var resistor = new Experiment { Engine = "reference", Epochs = epochs };
        var text = new StringBuilder();

        text.AppendLine("## Nonlinear classification on the 4x4 periodic lattice (reference engine)\n");
        text.AppendLine($"2 inputs (0 V to 1 V), 2 fixed voltages (+1 V, 0 V), ground, O = O+ - O- (class targets 0.6/0.3 V, adaptive); 200 points from the seed, 10 of each class to train on, the rest to test; {epochs} epochs. Transistors: gate rule, gain 10 /V, t_learn/RC = 100 us / 2.2 ms, initial gates 1 V to 2 V, leak 0.1 V per decade. Resistors: continuous rule, alpha 0.01 S/V².\n");
        text.AppendLine("| task | edges | test accuracy, mean ± sd | per seed |");
        text.AppendLine("| --- | --- | --- | --- |");
        foreach (var task in new[] { "xor", "moons" })
            foreach (var (label, experiment) in new[] { ("transistor", transistor), ("resistor", resistor) })
            {
                var accuracies = Enumerable.Range(1, seeds).Select(s => Train(experiment with { Task = task, Seed = s })[^1].TestAccuracy).ToArray();
                var (mean, sd) = MeanSd(accuracies);
                text.AppendLine($"| {task} | {label} | {mean:0.000} ± {sd:0.000} | {string.Join(", ", accuracies.Select(a => a.ToString("0.000", Invariant)))} |");
                Console.WriteLine($"{task}, {label}: {mean:0.000} ± {sd:0.000}");
            }

        text.AppendLine("\n## Nonlinear regression on the 4x4 periodic lattice (reference engine)\n");
        text.AppendLine($"y = 0.4 + 0.15 u - 0.05 u² V, u the input (0 V to 1 V) mapped to [-1, 1]; a 1.5 V bias; 20 training inputs, a 41-point test grid; {epochs} epochs. The last three columns: the first epoch at which the test error's mean, slope and curvature component falls below a tenth of its start (- never).\n");
        text.AppendLine("| edges | seed | test loss before (V²) | after (V²) | reduction | mean | slope | curvature |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (label, experiment) in new[] { ("transistor", transistor), ("mixed (half)", transistor with { Element = "mixed" }), ("resistor", resistor) })
        {
            var reductions = new List<double>();
            foreach (var seed in Enumerable.Range(1, seeds))
            {
                var rows = Train(experiment with { Task = "nonlinear-regression", Seed = seed });
                var reduction = rows[0].TestLoss / rows[^1].TestLoss;
                reductions.Add(reduction);
                string Tenth(int c)
                {
                    var at = rows.FindIndex(r => Math.Abs(r.ErrorComponents![c]) < 0.1 * Math.Abs(rows[0].ErrorComponents![c]));
                    return at < 0 ? "-" : at.ToString(Invariant);
                }
                text.AppendLine($"| {label} | {seed} | {rows[0].TestLoss:0.000e0} | {rows[^1].TestLoss:0.000e0} | {reduction:0.0} x | {Tenth(0)} | {Tenth(1)} | {Tenth(2)} |");
            }
            Console.WriteLine($"nonlinear regression, {label}: reductions {string.Join(", ", reductions.Select(r => r.ToString("0.0", Invariant)))}");
        }
        // A resistor network's output is affine in its input: its error keeps the target's whole
        // curvature, (2/3) c2 on P2, and its loss cannot fall below that part's mean square.
        var curvature = 2.0 / 3 * Math.Abs(new Experiment().Polynomial[2]);
        text.AppendLine($"\nA resistor network's output is affine in its input, so its curvature error stays (2/3) |c2| = {curvature:0.0000} V and its test loss cannot fall below {curvature * curvature / 5:0.0e0} V² (that component's mean square over [-1, 1]); the table shows the resistor networks stopping just above that floor and the transistor networks going below it.");
        text.AppendLine($"\nMachine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores; {MachineInfo.Dotnet}. {DateTime.UtcNow:yyyy-MM-dd}. Command: `{command}`.");
        var path = BenchmarkDocument.WriteSection("gen2", text.ToString(), "results.md");
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    /// <summary>Every epoch's metrics of one run, the untrained evaluation first.</summary>
    private static List<EpochMetrics> Train(Experiment experiment)
    {
        var run = ExperimentSetup.Prepare(experiment);
        var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
        var rows = new List<EpochMetrics> { trainer.EvaluateAsync(0, 0, 0, default).GetAwaiter().GetResult() };
        for (var epoch = 1; epoch <= experiment.Epochs; epoch++) rows.Add(trainer.RunEpochAsync(epoch, default).GetAwaiter().GetResult());
        return rows;
    }

    private static (double Mean, double Sd) MeanSd(double[] values)
    {
        var mean = values.Average();
        return (mean, values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0);
    }
}
