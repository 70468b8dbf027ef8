using System.Diagnostics;
using System.Globalization;
using System.Text;
using Clln.Actors;
using Clln.Actors.Mechanics;
using Clln.Bench.Infrastructure;
using Clln.Core.Mechanics;

namespace Clln.Bench.Mechanics;

/// <summary>
/// `springs-relax`: elastic networks relaxed by their actors against the reference engine (Newton
/// on the whole network): triangulated lattices with stiffnesses in [0.5, 2] N/m (5x5 to 20x20)
/// and a disordered one over five decades, the bottom-left node moved 10 cm, certified within
/// 1e-9 of the network's size, both schedules, clean links and 1 % loss. Wall time, sweeps or
/// rounds, messages, the certified distance and the true one. Writes the section spring-relaxation
/// of docs/benchmarks.md.
/// </summary>
public sealed class SpringRelaxation : IBenchmark
{
    public string Name => "springs-relax";

    public string Description => "elastic networks relaxed by actors against the reference, both schedules -> docs/benchmarks.md";

    public string? Usage => "usage: Clln.Bench springs-relax\n  relaxes triangulated spring lattices (5x5 to 20x20, and a disordered 4x4) on the actors, clocked and free-running, clean and lossy; writes docs/benchmarks.md";

    private static readonly (string Label, Func<SpringNetwork> Network)[] Networks =
    [
        ("triangulated 5x5", () => SpringLattice.Triangulated(5, 5, seed: 1)),
        ("triangulated 10x10", () => SpringLattice.Triangulated(10, 10, seed: 1)),
        ("triangulated 20x20", () => SpringLattice.Triangulated(20, 20, seed: 1)),
        ("disordered 4x4, 5 decades", () => SpringLattice.Disordered(4, 4, decades: 5, jitter: 0.25, seed: 2)),
    ];

    private static readonly (Schedule Schedule, double Omega, double Drop)[] Runs =
    [
        (Schedule.Clocked, 1.8, 0), (Schedule.Clocked, 1.8, 0.01), (Schedule.Async, 1.0, 0), (Schedule.Async, 1.0, 0.01),
    ];

    public int Run(string[] args)
    {
        var invariant = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine("## Elastic networks on the actors: relaxation against the reference");
        report.AppendLine();
        report.Append(string.Create(invariant,
            $"`dotnet run -c Release --project bench/Clln.Bench -- springs-relax`, {DateTime.UtcNow:yyyy-MM-dd}, {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, load average {MachineInfo.LoadAverage}, {MachineInfo.Dotnet}. "));
        report.AppendLine(
            "The bottom row held, its left node moved 10 cm sideways; certified within 1e-9 of the network's size; one actor system per run. " +
            "Distance: what the certificate says (the Newton correction from the settled positions); error: the true largest distance from the reference's equilibrium.");
        report.AppendLine();
        report.AppendLine("| network | nodes | springs | reference | schedule | omega | loss | wall | sweeps or rounds | messages | messages/s | distance (m) | error (m) |");
        report.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (label, make) in Networks)
        {
            var network = make();
            var held = network.RestPositions();
            held[0] += 0.1;
            var clock = Stopwatch.StartNew();
            var reference = SpringSolver.Solve(network, held);
            var referenceMs = clock.Elapsed.TotalMilliseconds;
            foreach (var (schedule, omega, drop) in Runs)
            {
                var options = new ActorEngineOptions { Schedule = schedule, Omega = omega, Drop = drop, Tolerance = 1e-9 * network.Size, Timeout = TimeSpan.FromMinutes(5) };
                var settled = RelaxAsync(network, options, held).GetAwaiter().GetResult();
                var s = settled.Stats;
                var error = Enumerable.Range(0, network.Nodes.Count)
                    .Max(i => Math.Sqrt(Math.Pow(settled.Free[2 * i] - reference.Positions[2 * i], 2) + Math.Pow(settled.Free[2 * i + 1] - reference.Positions[2 * i + 1], 2)));
                var row = string.Create(invariant,
                    $"| {label} | {network.Nodes.Count} | {network.Springs.Count} | {referenceMs:F0} ms | {schedule.ToString().ToLowerInvariant()} | {omega} | {drop:P0} | {Timing.Format(s.WallMs / 1000)} | {s.SweepsOrRounds} | {s.Messages:N0} | {s.Messages / (s.WallMs / 1000):N0} | {s.Distance:G2} | {error:G2} |");
                Console.WriteLine(row);
                report.AppendLine(row);
            }
        }
        report.AppendLine();
        report.AppendLine("Reading it: the reference's dense Newton solve is the faster way to an equilibrium on one machine at these sizes; the actors are the hardware's physics (every node balancing forces it hears of, over links that lose and delay messages), and their certified distance matches the true error. A clocked sweep is three colour steps on a triangulated lattice, each ended by the network falling silent; free-running relaxation needs no barrier but several times more updates. Spread stiffness multiplies the sweeps (Gauss-Seidel on a badly conditioned stiffness matrix). Loss without link delay costs only the resent transmissions, and the clocked schedule gives the same sweeps and messages with and without it; the rows' wall times differ by the machine's noise (each network's first run also warms up).");
        var markdown = report.ToString();
        Console.WriteLine($"wrote {BenchmarkDocument.WriteSection("spring-relaxation", markdown)}");
        return 0;
    }

    private static async Task<SpringTwinEquilibrium> RelaxAsync(SpringNetwork network, ActorEngineOptions options, double[] held)
    {
        await using var engine = SpringActorEngine.Start(network, options);
        return await engine.RelaxAsync(new SpringPhase(held));
    }
}
