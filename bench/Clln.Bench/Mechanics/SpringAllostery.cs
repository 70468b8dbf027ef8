using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Formats;
using Clln.Core.Mechanics;
using Clln.Core.Statistics;
using ScottPlot;

namespace Clln.Bench.Mechanics;

/// <summary>
/// `springs`: allostery in elastic networks by coupled learning (Stern, Hexner, Rocks, Liu, PRX 11,
/// 021045, 2021), on the reference engine: triangulated 5x5 lattices (stiffness log-uniform in
/// [0.5, 2] N/m, bottom row held), the bottom-left node moved 10 cm sideways, the top-right node's
/// displacement to reach a target of 5 cm in a direction drawn from the seed; stiffness or rest
/// length learning, error reduction with a 95 % interval over seeds. Writes the section
/// spring-allostery of docs/results.md and docs/images/spring-allostery.png.
/// </summary>
public sealed class SpringAllostery : IBenchmark
{
    private const int Steps = 1500;

    public string Name => "springs";

    public string Description => "allostery in elastic networks: stiffness and rest-length learning over seeds -> docs/results.md";

    public string? Usage => "usage: Clln.Bench springs [SEEDS]\n  trains SEEDS (default 10) triangulated 5x5 spring networks on a displacement task, learning stiffness or rest length; writes docs/results.md";

    private static readonly (SpringParameter Learns, string Label, double Alpha, double Min, double Max)[] Rules =
    [
        (SpringParameter.Stiffness, "stiffness k", 300, 0.01, 100),
        (SpringParameter.RestLength, "rest length l", 0.05, 0.2, 3),
    ];

    public int Run(string[] args)
    {
        var seeds = args.Length > 0 && int.TryParse(args[0], out var n) && n >= 2 ? n : 10;
        var invariant = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine("## Allostery in elastic networks: coupled learning of stiffness or rest length");
        report.AppendLine();
        report.AppendLine($"`dotnet run -c Release --project bench/Clln.Bench -- springs {seeds}`, {DateTime.UtcNow:yyyy-MM-dd}. Triangulated 5x5 lattices of springs (unit spacing, stiffness log-uniform in [0.5, 2] N/m, bottom row held), one per seed; the bottom-left node moved 10 cm sideways (the input); the top-right node should move 5 cm in a direction drawn from the seed (the output); eta 0.5, {Steps} steps of coupled learning on the reference engine (Newton equilibria). Cost: half the squared distance of the output's displacement from its target (m^2), in decades; mean over the seeds with its 95 % Student t interval.");
        report.AppendLine();
        report.AppendLine("| learning | alpha | clipped to | seeds | log10 cost before | log10 cost after | decades gained | fewest, most |");
        report.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var plot = new Plot();
        foreach (var (learns, label, alpha, min, max) in Rules)
        {
            var curves = new List<double[]>();
            var (before, after) = (new List<double>(), new List<double>());
            for (var seed = 1; seed <= seeds; seed++)
            {
                var network = SpringLattice.Triangulated(5, 5, seed);
                var angle = new Random(1000 + seed).NextDouble() * 2 * Math.PI;
                var task = new DisplacementTask([(0, 0.1, 0.0)], network.Nodes.Count - 1, 0.05 * Math.Cos(angle), 0.05 * Math.Sin(angle));
                var rule = new SpringRule(learns, alpha, 0.5, min, max);
                var curve = new double[Steps + 1];
                for (var step = 0; step < Steps; step++)
                {
                    (network, var cost) = SpringTrainer.Step(network, task, rule);
                    curve[step] = Math.Log10(cost);
                }
                curve[Steps] = Math.Log10(task.Cost(network, SpringSolver.Solve(network, task.Held(network))));
                curves.Add(curve);
                (before, after) = ([.. before, curve[0]], [.. after, curve[Steps]]);
                Console.WriteLine(string.Create(invariant, $"{label}, seed {seed}: log10 cost {curve[0]:F2} -> {curve[Steps]:F2}"));
            }
            var gained = SampleSummary.Of(before.Zip(after, (b, a) => b - a));
            var (b0, a0) = (SampleSummary.Of(before), SampleSummary.Of(after));
            var decades = before.Zip(after, (b, a) => b - a).ToArray();
            report.AppendLine(string.Create(invariant,
                $"| {label} | {alpha} | [{min}, {max}] | {seeds} | {b0.Mean:F2} ± {b0.HalfWidth95:F2} | {a0.Mean:F2} ± {a0.HalfWidth95:F2} | {gained.Mean:F2} ± {gained.HalfWidth95:F2} ({gained.Low95:F2} .. {gained.High95:F2}) | {decades.Min():F2}, {decades.Max():F2} |"));
            var mean = Enumerable.Range(0, Steps + 1).Select(s => curves.Average(c => c[s])).ToArray();
            var line = plot.Add.Scatter(Enumerable.Range(0, Steps + 1).Select(s => (double)s).ToArray(), mean);
            line.LegendText = $"learning {label} (mean of {seeds} seeds)";
            line.MarkerSize = 0;
        }
        plot.Title("Allostery in triangulated 5x5 spring networks: coupled learning");
        plot.XLabel("training step");
        plot.YLabel("log10 cost (m²)");
        plot.ShowLegend();
        var root = RepositoryRoot.Find();
        AtomicFile.Write(Path.Combine(root, "docs", "images", "spring-allostery.png"), temporary => plot.SavePng(temporary, 900, 500));
        report.AppendLine();
        report.AppendLine("![mean log10 cost against training step, stiffness and rest-length learning](images/spring-allostery.png)");
        var markdown = report.ToString();
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {BenchmarkDocument.WriteSection("spring-allostery", markdown, "results.md")}");
        return 0;
    }
}
