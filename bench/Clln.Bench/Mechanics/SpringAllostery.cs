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
/// displacement to reach a target of 5 cm in a direction drawn from the seed, or a 5 % strain on a
/// spring near the held row to strain the top-right spring by an amount drawn from the seed in
/// [-5 %, 5 %] (the strains imposed by stiff actuators, as a lab clamp imposes them); stiffness or
/// rest length learning, error reduction with a 95 % interval over seeds. Writes the section
/// spring-allostery of docs/results.md, docs/images/spring-allostery.png and seed 1's learned
/// change on the strain task, docs/images/spring-learned-{stiffness,rest-length}.png.
/// </summary>
public sealed class SpringAllostery : IBenchmark
{
    private const int Steps = 1500;

    public string Name => "springs";

    public string Description => "allostery in elastic networks: stiffness and rest-length learning over seeds -> docs/results.md";

    public string? Usage => "usage: Clln.Bench springs [SEEDS]\n  trains SEEDS (default 10) triangulated 5x5 spring networks on a displacement task, learning stiffness or rest length; writes docs/results.md";

    private static readonly (string Task, SpringParameter Learns, string Label, double Alpha, double Min, double Max)[] Rules =
    [
        ("displacement", SpringParameter.Stiffness, "stiffness k", 300, 0.01, 100),
        ("displacement", SpringParameter.RestLength, "rest length l", 0.05, 0.2, 3),
        ("strain", SpringParameter.Stiffness, "stiffness k", 2000, 0.01, 100),
        ("strain", SpringParameter.RestLength, "rest length l", 0.05, 0.2, 3),
    ];

    /// <summary>The seed's task: a displacement of the top-right node in a direction drawn from the seed, or a strain of the top-right spring drawn in [-5 %, 5 %].</summary>
    private static ISpringTask TaskFor(string kind, SpringNetwork network, int seed)
    {
        var draw = new Random(1000 + seed).NextDouble();
        if (kind == "displacement")
            return new DisplacementTask([(0, 0.1, 0.0)], network.Nodes.Count - 1, 0.05 * Math.Cos(2 * Math.PI * draw), 0.05 * Math.Sin(2 * Math.PI * draw));
        return new StrainTask(network.SpringBetween("n1_0", "n1_1"), 0.05, network.SpringBetween("n4_3", "n4_4"), -0.05 + 0.1 * draw);
    }

    /// <summary>Seed 1's learned change on the strain task, as docs/images/spring-learned-{stiffness,rest-length}.png.</summary>
    private static void DrawLearned(SpringNetwork untrained, SpringNetwork trained, SpringParameter learns, StrainTask task, double[] curve)
    {
        var name = learns == SpringParameter.Stiffness ? "stiffness" : "rest-length";
        var ends = new[] { task.Source, task.Target }.SelectMany(s => new[] { untrained.Springs[s].A, untrained.Springs[s].B }).ToArray();
        var title = string.Create(CultureInfo.InvariantCulture,
            $"Strain allostery, seed 1: learned {name.Replace('-', ' ')} after {Steps} steps (log10 cost {curve[0]:F1} -> {curve[Steps]:F1})");
        var path = Path.Combine(RepositoryRoot.Find(), "docs", "images", $"spring-learned-{name}.png");
        Clln.Cli.Reporting.SpringPlots.LearnedChange(untrained, trained, learns, title, path, ends);
        Console.WriteLine($"wrote {path}");
    }

    public int Run(string[] args)
    {
        var seeds = args.Length > 0 && int.TryParse(args[0], out var n) && n >= 2 ? n : 10;
        var invariant = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine("## Allostery in elastic networks: coupled learning of stiffness or rest length");
        report.AppendLine();
        report.AppendLine($"`dotnet run -c Release --project bench/Clln.Bench -- springs {seeds}`, {DateTime.UtcNow:yyyy-MM-dd}. Triangulated 5x5 lattices of springs (unit spacing, stiffness log-uniform in [0.5, 2] N/m, bottom row held), one per seed. Displacement task: the bottom-left node moved 10 cm sideways (the input), the top-right node should move 5 cm in a direction drawn from the seed (the output), cost half the squared distance from the target (m^2). Strain task (Stern et al., PRX 2021): a 5 % stretch imposed on the spring n1_0-n1_1 should strain the top-right spring n4_3-n4_4 by an amount drawn from the seed in [-5 %, 5 %], both strains imposed by stiff actuators (10^6 times the stiffest spring), cost half the squared strain error; eta 0.5, {Steps} steps of coupled learning on the reference engine (Newton equilibria). Costs in decades; mean over the seeds with its 95 % Student t interval.");
        report.AppendLine();
        report.AppendLine("| task | learning | alpha | clipped to | seeds | log10 cost before | log10 cost after | decades gained | fewest, most |");
        report.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        var plot = new Plot();
        foreach (var (kind, learns, label, alpha, min, max) in Rules)
        {
            var curves = new List<double[]>();
            var (before, after) = (new List<double>(), new List<double>());
            for (var seed = 1; seed <= seeds; seed++)
            {
                var network = SpringLattice.Triangulated(5, 5, seed);
                var untrained = network;
                var task = TaskFor(kind, network, seed);
                var rule = new SpringRule(learns, alpha, 0.5, min, max);
                var curve = new double[Steps + 1];
                for (var step = 0; step < Steps; step++)
                {
                    (network, var cost) = SpringTrainer.Step(network, task, rule);
                    curve[step] = Math.Log10(cost);
                }
                curve[Steps] = Math.Log10(task.Cost(network, task.Free(network)));
                if (seed == 1 && task is StrainTask strain) DrawLearned(untrained, network, learns, strain, curve);
                curves.Add(curve);
                (before, after) = ([.. before, curve[0]], [.. after, curve[Steps]]);
                Console.WriteLine(string.Create(invariant, $"{kind}, {label}, seed {seed}: log10 cost {curve[0]:F2} -> {curve[Steps]:F2}"));
            }
            var gained = SampleSummary.Of(before.Zip(after, (b, a) => b - a));
            var (b0, a0) = (SampleSummary.Of(before), SampleSummary.Of(after));
            var decades = before.Zip(after, (b, a) => b - a).ToArray();
            report.AppendLine(string.Create(invariant,
                $"| {kind} | {label} | {alpha} | [{min}, {max}] | {seeds} | {b0.Mean:F2} ± {b0.HalfWidth95:F2} | {a0.Mean:F2} ± {a0.HalfWidth95:F2} | {gained.Mean:F2} ± {gained.HalfWidth95:F2} ({gained.Low95:F2} .. {gained.High95:F2}) | {decades.Min():F2}, {decades.Max():F2} |"));
            var mean = Enumerable.Range(0, Steps + 1).Select(s => curves.Average(c => c[s])).ToArray();
            var line = plot.Add.Scatter(Enumerable.Range(0, Steps + 1).Select(s => (double)s).ToArray(), mean);
            line.LegendText = $"{kind}, learning {label} (mean of {seeds} seeds)";
            line.MarkerSize = 0;
        }
        plot.Title("Allostery in triangulated 5x5 spring networks: coupled learning, two tasks");
        plot.XLabel("training step");
        plot.YLabel("log10 cost (displacement: m², strain: 1)");
        plot.ShowLegend();
        var root = RepositoryRoot.Find();
        AtomicFile.Write(Path.Combine(root, "docs", "images", "spring-allostery.png"), temporary => plot.SavePng(temporary, 900, 500));
        report.AppendLine();
        report.AppendLine("![mean log10 cost against training step, stiffness and rest-length learning](images/spring-allostery.png)");
        report.AppendLine();
        report.AppendLine("What seed 1's springs learned on the strain task (drawn at rest; the source and target springs' ends ringed):");
        report.AppendLine();
        report.AppendLine("![learned change of stiffness, strain task, seed 1](images/spring-learned-stiffness.png)");
        report.AppendLine("![learned change of rest length, strain task, seed 1](images/spring-learned-rest-length.png)");
        var markdown = report.ToString();
        Console.WriteLine(markdown);
        Console.WriteLine($"wrote {BenchmarkDocument.WriteSection("spring-allostery", markdown, "results.md")}");
        return 0;
    }
}
