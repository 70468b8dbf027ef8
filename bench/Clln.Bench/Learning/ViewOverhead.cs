using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Cli;
using static System.FormattableString;

namespace Clln.Bench.Learning;

/// <summary>
/// What serving the live view costs a run nobody watches (issue: "a run with --serve and no
/// browser attached keeps its epoch time within 5 %"): the default training run, with and without
/// `--serve`, in turns, its epochs' wall time summed from metrics.csv.
/// </summary>
public sealed class ViewOverhead : IBenchmark
{
    public string Name => "view";

    public string Description => "the live view's cost to a run with no browser: epoch time with and without --serve";

    public string? Usage => """
        usage: Clln.Bench view [--epochs N] [--turns T] [--no-write]
          --epochs  epochs of the default run (Iris, actors) each time (default 20)
          --turns   runs with and without --serve, alternating (default 4 each)
          --no-write  print the report only; leave docs/benchmarks.md alone
        """;

    public int Run(string[] args)
    {
        var (epochs, turns, write) = (20, 4, true);
        for (var a = 0; a < args.Length; a++)
        {
            int Next() => a + 1 < args.Length && int.TryParse(args[++a], CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : throw new BenchmarkException($"{args[a - 1]}: a whole number of at least 1");
            switch (args[a])
            {
                case "--epochs": epochs = Next(); break;
                case "--turns": turns = Next(); break;
                case "--no-write": write = false; break;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }
        var root = Directory.CreateTempSubdirectory("clln-view-bench-").FullName;
        try
        {
            var (plain, served) = (new List<double>(), new List<double>());
            for (var t = 0; t < turns; t++)
                foreach (var serve in new[] { false, true })
                {
                    var output = Path.Combine(root, $"{t}-{serve}");
                    string[] command = ["train", "--epochs", $"{epochs}", "--output", output, "--quiet", .. serve ? new[] { "--serve" } : []];
                    var code = CllnApp.RunAsync(command, TextWriter.Null, TextWriter.Null).GetAwaiter().GetResult();
                    if (code != 0) throw new BenchmarkException($"clln {string.Join(' ', command)} exited {code}");
                    var seconds = EpochSeconds(Path.Combine(output, "metrics.csv"));
                    (serve ? served : plain).Add(seconds);
                    Console.Error.WriteLine(Invariant($"view: turn {t + 1}, {(serve ? "--serve" : "plain  ")}: {seconds:F3} s of epochs"));
                }
            var (p, s) = (Median(plain), Median(served));
            // Turn by turn (each served run beside the plain run just before it): the machine's own drift cancels.
            var ratios = plain.Zip(served, (x, y) => y / x).ToList();
            var ratio = Median(ratios);
            var report = new StringBuilder();
            report.AppendLine("## Live view: what serving costs a run nobody watches");
            report.AppendLine();
            report.AppendLine(Invariant($"`dotnet run -c Release --project bench/Clln.Bench -- view{(args.Length > 0 ? " " + string.Join(' ', args) : "")}` on {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, load average {MachineInfo.LoadAverage} at the end; {DateTime.UtcNow:yyyy-MM-dd}. The default run (Iris on the 4x4 lattice, actors), {epochs} epochs, {turns} times without and {turns} times with `--serve` (no browser attached), in turns; the time is the sum of the epochs' wall_ms in metrics.csv."));
            report.AppendLine();
            report.AppendLine("| run | time of the epochs, median of the turns (s) | each turn (s) |");
            report.AppendLine("|---|---|---|");
            report.AppendLine(Invariant($"| plain | {p:F3} | {string.Join(", ", plain.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))} |"));
            report.AppendLine(Invariant($"| --serve | {s:F3} | {string.Join(", ", served.Select(x => x.ToString("F3", CultureInfo.InvariantCulture)))} |"));
            report.AppendLine();
            var spread = 100 * (plain.Max() - plain.Min()) / p;
            report.AppendLine(Invariant($"Serving changes the time of the epochs by {100 * (ratio - 1):+0.0;-0.0} % (the median of the turns' ratios, {100 * (ratios.Min() - 1):+0;-0} % to {100 * (ratios.Max() - 1):+0;-0} %), while the plain runs alone spread over {spread:F0} % of their median on this machine. Target (no more than 5 % slower): {(ratio - 1 <= 0.05 ? "met" : "not met")}{(spread > 10 ? ", though this machine's own spread is far wider than 5 %" : "")}. With no browser the view costs an idle web server: it reads the run's files only while a page is open, on threads of its own, and never calls the engine."));
            var markdown = report.ToString();
            Console.WriteLine(markdown);
            if (write) Console.Error.WriteLine($"view: wrote {BenchmarkDocument.WriteSection(Name, markdown)}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double EpochSeconds(string metrics)
    {
        var lines = File.ReadAllLines(metrics);
        var wall = Array.IndexOf(lines[0].Split(','), "wall_ms");
        return lines.Skip(2).Sum(l => double.Parse(l.Split(',')[wall], CultureInfo.InvariantCulture)) / 1000; // epoch 0 is the untrained evaluation
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
