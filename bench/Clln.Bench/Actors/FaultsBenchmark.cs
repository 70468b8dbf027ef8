using System.Globalization;
using System.Text;
using Akka.Actor;
using Clln.Actors;
using Clln.Actors.Faults;
using Clln.Actors.Hosting;
using Clln.Bench.Infrastructure;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;

namespace Clln.Bench.Actors;

/// <summary>
/// What message loss costs relaxation now that links repair their own losses: transmissions and
/// wall time against the lossless run of the same network, schedule and links, on badly
/// conditioned random netlists. Writes the "faults" section of docs/benchmarks.md.
/// </summary>
public sealed class FaultsBenchmark : IBenchmark
{
    private static readonly double[] LossRates = [0.01, 0.1, 0.3];

    public string Name => "faults";

    public string Description => "relaxation under message loss: transmissions and wall time against the lossless run";

    public int Run(string[] args)
    {
        var repeat = 3;
        for (var a = 0; a < args.Length; a++)
            switch (args[a])
            {
                case "--repeat" when a + 1 < args.Length && int.TryParse(args[a + 1], CultureInfo.InvariantCulture, out var r) && r >= 1:
                    repeat = r;
                    a++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Clln.Bench faults [--repeat R]");
                    Console.WriteLine("  each network, schedule and link model relaxed cold at loss 0, 0.01, 0.1 and 0.3; wall time is the median of R runs (default 3)");
                    return 0;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }

        (string Name, Network Network)[] networks =
        [
            ("random 40 nodes, 100 ohm - 3 Mohm", RandomNetlist.Generate(40, 40, Math.Log10(30_000), sources: 3, seed: 3, minOhms: 100)),
            ("random 150 nodes, 1 ohm - 100 kohm", RandomNetlist.Generate(150, 150, 5, sources: 3, seed: 5)),
        ];
        (string Name, DelaySpec? Delay, bool Reorder)[] linkModels = [("no delay", null, false), ("uniform:0-50us, reordering", DelaySpec.Parse("uniform:0-50us"), true)];
        var tolerance = 1e-6;
        using var system = ActorSystem.Create("faults", EngineConfig.For(new ActorEngineOptions()));

        var table = new StringBuilder();
        table.AppendLine("| network | schedule | links | loss p | messages delivered | transmissions lost | transmissions / lossless | target 1.5/(1-p) | wall ms (median) | wall / lossless | error vs reference |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var misses = new List<string>();
        foreach (var (name, network) in networks)
        {
            var exact = ReferenceSolver.Solve(network).Voltages;
            foreach (var schedule in Enum.GetValues<Schedule>())
                foreach (var (linkName, delay, reorder) in linkModels)
                {
                    if (delay is not null && network.NodeCount > 50) continue; // delayed steps cost real time: the small network shows them
                    var options = new ActorEngineOptions { Schedule = schedule, Tolerance = tolerance, Seed = 11, Delay = delay, Reorder = reorder, MaxSweeps = 2_000_000 };
                    Measure(system, network, options, repeat); // warm-up: the JIT is still at work
                    var lossless = Measure(system, network, options, repeat);
                    foreach (var p in LossRates.Prepend(0))
                    {
                        var run = p == 0 ? lossless : Measure(system, network, options with { Drop = p }, repeat);
                        var transmissions = (double)(run.Stats.Messages + run.Stats.Dropped) / lossless.Stats.Messages;
                        var wall = run.WallMs / lossless.WallMs;
                        var error = run.Voltages.Zip(exact, (x, y) => Math.Abs(x - y)).Max();
                        var target = 1.5 / (1 - p);
                        if (transmissions > target) misses.Add($"{name}, {schedule}, {linkName}, p {p}: transmissions {transmissions:F2}x");
                        if (p == 0.01 && wall > 2) misses.Add($"{name}, {schedule}, {linkName}, p 0.01: wall {wall:F2}x");
                        var row = string.Create(CultureInfo.InvariantCulture,
                            $"| {name} | {schedule.ToString().ToLowerInvariant()} | {linkName} | {p} | {run.Stats.Messages:N0} | {run.Stats.Dropped:N0} | {transmissions:F3} | {target:F2} | {run.WallMs:F0} | {wall:F2} | {error:G2} V |");
                        table.AppendLine(row);
                        Console.WriteLine(row);
                    }
                }
        }

        var md = new StringBuilder();
        md.AppendLine("## Relaxation under message loss");
        md.AppendLine();
        md.AppendLine("Each link's sender repairs its own losses: a transmission is lost with probability p, and the link layer sends the message");
        md.AppendLine("again after a round trip (twice the mean link delay; at once on links without delay) until one gets through (docs/architecture.md,");
        md.AppendLine("\"Injection\"). Networks relaxed cold to a certified 1e-6 V. \"Transmissions\" counts every message put on a link, lost or");
        md.AppendLine("delivered; the lossless run delivers the same number with none lost. Clocked runs deliver exactly the lossless messages and");
        md.AppendLine("voltages, bit for bit: every retransmission lands before its step's barrier.");
        md.AppendLine();
        md.Append(table);
        md.AppendLine();
        md.AppendLine("Targets (issue: relaxation and learning that survive their faults): transmissions at most 1.5 / (1 - p) times the lossless");
        md.AppendLine("messages; wall time at most 2x the lossless run's at p = 0.01.");
        md.AppendLine(misses.Count == 0 ? "Every row meets both." : "Missed: " + string.Join("; ", misses) + ".");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Machine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory}; {MachineInfo.Dotnet}; load average {MachineInfo.LoadAverage}. {DateTime.UtcNow:yyyy-MM-dd}. Command: `dotnet run -c Release --project bench/Clln.Bench -- faults --repeat {repeat}`."));
        var path = BenchmarkDocument.WriteSection("faults", md.ToString());
        Console.WriteLine($"wrote {path}");
        return misses.Count == 0 ? 0 : 1;
    }

    private sealed record Result(RelaxationStats Stats, double[] Voltages, double WallMs);

    /// <summary>Relaxes cold <paramref name="repeat"/> times; the statistics of the last run and the median wall time.</summary>
    private static Result Measure(ActorSystem system, Network network, ActorEngineOptions options, int repeat)
    {
        var walls = new List<double>();
        TwinEquilibrium? last = null;
        for (var r = 0; r < repeat; r++)
        {
            var engine = ActorEngine.Start(network, options, system);
            try
            {
                last = engine.RelaxAsync().GetAwaiter().GetResult();
            }
            finally
            {
                engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            walls.Add(last.Stats.WallMs);
        }
        return new Result(last!.Stats, last.Free.Voltages, walls.Order().ElementAt(walls.Count / 2));
    }
}
