using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Experiments;
using static System.FormattableString;

namespace Clln.Bench.Learning;

/// <summary>
/// How a training epoch's cost grows with the network (issue: time per epoch and memory against
/// size, both engines, with fitted exponents): linear regression (3 inputs, 2 outputs, a teacher
/// network) on open square lattices of growing side, one epoch each, the actors over-relaxed at
/// omega 1.9 as larger lattices need. Each engine runs up to the side it finishes in minutes here.
/// </summary>
public sealed class ScalingBenchmark : IBenchmark
{
    public string Name => "scale";

    public string Description => "time per training epoch and memory against lattice size, both engines, with fitted exponents";

    public string? Usage => """
        usage: Clln.Bench scale [--reference SIDES] [--actors SIDES] [--no-write]
          --reference  lattice sides for the reference engine (default 4,8,16,32,64,100,178)
          --actors     lattice sides for the actors (default 4,8,16)
          --no-write   print the report only; leave docs/benchmarks.md alone
        """;

    public int Run(string[] args)
    {
        var reference = new[] { 4, 8, 16, 32, 64, 100, 178 };
        var actors = new[] { 4, 8, 16 };
        var write = true;
        for (var a = 0; a < args.Length; a++)
        {
            int[] Sides() => a + 1 < args.Length && args[++a].Split(',').Select(x => int.TryParse(x, CultureInfo.InvariantCulture, out var n) && n >= 3 ? n : -1).ToArray() is var l && l.All(n => n > 0)
                ? l : throw new BenchmarkException($"{args[a - 1]}: a list of lattice sides, each at least 3");
            switch (args[a])
            {
                case "--reference": reference = Sides(); break;
                case "--actors": actors = Sides(); break;
                case "--no-write": write = false; break;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }
        var rows = new List<(string Engine, int Side, int Nodes, int Edges, double EpochS, long Messages, long HeapBytes)>();
        foreach (var (engine, sides) in new[] { ("reference", reference), ("actors", actors) })
            foreach (var side in sides)
            {
                var experiment = new Experiment
                {
                    Task = "linear-regression", Topology = $"lattice:{side}x{side}:open", Engine = engine, Epochs = 1, Seed = 1,
                    Omega = engine == "actors" && side >= 8 ? 1.9 : 1.0, Schedule = "clocked",
                };
                var nodes = side * side;
                var edges = 2 * side * (side - 1);
                Console.Error.WriteLine($"scale: {engine}, {side}x{side} ({nodes} nodes) ...");
                var heapBefore = ManagedHeap.Settle();
                var peak = new ManagedHeap.Peak();
                var run = TrainingRun.Train(experiment);
                peak.Stop();
                rows.Add((engine, side, nodes, edges, run.Seconds, run.Messages, Math.Max(0, peak.Bytes - heapBefore)));
                Console.Error.WriteLine(Invariant($"scale:   {run.Seconds:F2} s, {run.Messages:N0} messages, peak heap +{(peak.Bytes - heapBefore) / 1e6:F0} MB"));
            }

        var report = new StringBuilder();
        report.AppendLine("## Scaling: a training epoch against the network's size");
        report.AppendLine();
        report.AppendLine(Invariant($"`dotnet run -c Release --project bench/Clln.Bench -- scale{(args.Length > 0 ? " " + string.Join(' ', args) : "")}` on {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory}, {MachineInfo.Dotnet}; {DateTime.UtcNow:yyyy-MM-dd}."));
        report.AppendLine("Linear regression (3 inputs, 2 outputs, targets from a teacher network, the samples `--task linear-regression` draws by default) on open square lattices, one training epoch from the untrained network (its evaluation not timed); the actors clocked, over-relaxed at omega 1.9 from 8x8 on. Memory: the peak of the managed heap while the epoch ran (sampled every 50 ms), above the heap before the run.");
        report.AppendLine();
        report.AppendLine("| engine | lattice | nodes | edges | epoch (s) | messages | peak heap (MB) |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            report.AppendLine(Invariant($"| {r.Engine} | {r.Side}x{r.Side} | {r.Nodes:N0} | {r.Edges:N0} | {r.EpochS:F3} | {r.Messages:N0} | {r.HeapBytes / 1e6:F1} |"));
        report.AppendLine();
        report.AppendLine("Fitted exponents (least squares of log cost against log nodes, over the sizes from 64 nodes on, where fixed costs no longer dominate):");
        report.AppendLine();
        foreach (var engine in new[] { "reference", "actors" })
        {
            var fit = rows.Where(r => r.Engine == engine && r.Nodes >= 64).ToList();
            if (fit.Count < 2) { report.AppendLine($"- {engine}: fewer than two sizes from 64 nodes on; no fit."); continue; }
            var time = Slope(fit.Select(r => (double)r.Nodes), fit.Select(r => r.EpochS));
            var memory = fit.All(r => r.HeapBytes > 0) ? Slope(fit.Select(r => (double)r.Nodes), fit.Select(r => (double)r.HeapBytes)) : double.NaN;
            var messages = engine == "actors" ? Slope(fit.Select(r => (double)r.Nodes), fit.Select(r => (double)r.Messages)) : double.NaN;
            report.AppendLine(Invariant($"- {engine} ({string.Join(", ", fit.Select(r => $"{r.Side}x{r.Side}"))}): epoch time ~ nodes^{time:F2}, peak heap ~ nodes^{memory:F2}{(double.IsNaN(messages) ? "" : $", messages ~ nodes^{messages:F2}")}."));
        }
        var markdown = report.ToString();
        Console.WriteLine(markdown);
        if (write) Console.Error.WriteLine($"scale: wrote {BenchmarkDocument.WriteSection(Name, markdown)}");
        return 0;
    }

    private static double Slope(IEnumerable<double> x, IEnumerable<double> y)
    {
        var points = x.Zip(y, (a, b) => (X: Math.Log(a), Y: Math.Log(b))).ToArray();
        var (mx, my) = (points.Average(p => p.X), points.Average(p => p.Y));
        return points.Sum(p => (p.X - mx) * (p.Y - my)) / points.Sum(p => (p.X - mx) * (p.X - mx));
    }
}
