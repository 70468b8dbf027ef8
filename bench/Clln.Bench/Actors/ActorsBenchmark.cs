using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Clln.Actors;
using Clln.Actors.Hosting;
using Clln.Bench.Infrastructure;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;
using static System.FormattableString;

namespace Clln.Bench.Actors;

/// <summary>
/// The actor engine against its targets: throughput against raw Akka.NET ping-pong, messages per
/// equilibrium against synchronous Jacobi, time against the reference solver, warm starts after a
/// 1 % conductance change, over-relaxation on the 100x100 lattice, and memory per actor.
/// </summary>
public sealed class ActorsBenchmark : IBenchmark
{
    private const int Seed = 20240603;

    public string Name => "actors";

    public string Description => "actor relaxation engine: throughput, messages and time per equilibrium, warm starts, memory";

    public int Run(string[] args)
    {
        var write = true;
        var quick = false;
        var memoryOnly = false;
        for (var a = 0; a < args.Length; a++)
        {
            switch (args[a])
            {
                case "--no-write": write = false; break;
                case "--quick": quick = true; break;
                case "--memory-only": memoryOnly = true; break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Clln.Bench actors [--quick] [--no-write] [--memory-only]");
                    Console.WriteLine("  --quick     small networks only (4x4, 32x32), for a smoke run");
                    Console.WriteLine("  --no-write  print the report only; leave docs/benchmarks.md alone");
                    Console.WriteLine("  --memory-only  print the memory table only (never writes)");
                    return 0;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }
        var report = new StringBuilder();
        var command = "dotnet run -c Release --project bench/Clln.Bench -- actors" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
        report.AppendLine("## Actor relaxation engine");
        report.AppendLine();
        report.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory}, {MachineInfo.Dotnet}, {MachineInfo.OperatingSystem}, with `{command}`.");
        report.AppendLine();

        using var system = ActorSystem.Create("bench", PingPong.WithOneMessagePerTurn(EngineConfig.For(new ActorEngineOptions())));
        if (memoryOnly)
        {
            var memory = new StringBuilder();
            Memory(system, memory, quick);
            Console.WriteLine(memory);
            return 0;
        }
        var ceiling = Ceiling(system, report);
        var results = new List<Result>();

        var cases = new List<Case>
        {
            new("4x4 periodic (lab)", LabLattice(), 1e-6, Async: true, Omega: 1.0),
            new("32x32 open", Lattice(32), 1e-6, Async: true, Omega: 0),
            new("100x100 open", Lattice(100), 1e-4, Async: false, Omega: 0),
            new("random 10,000 / 50,000", RandomGraph(), 1e-6, Async: true, Omega: 1.0),
        };
        if (quick) cases = cases.Take(2).ToList();

        report.AppendLine("### Relaxation");
        report.AppendLine();
        report.AppendLine("Lattices: conductances log-uniform in [0.1, 10] S; the left column held at 1 V and the right column grounded (the 4x4 lab lattice: an input at 1 V, a bias at 0.5 V, a ground). Random graph: 100 held nodes (1 %) at random voltages in [-1, 1] V. Every actor result is certified within the tolerance of the exact equilibrium and checked against the reference solver (max error column).");
        report.AppendLine("Messages count node-edge messages only (voltages and Norton equivalents); control messages (phase set-up, clock ticks, readiness reports, probes, a node's reminders to itself) are listed apart. Jacobi: synchronous Jacobi run centrally from the same start until every node is within the tolerance of the exact answer, at 2 messages per free-node link per sweep; certified Jacobi: the same, stopped only when it can prove what the engine proves (its largest local correction times the engine's amplification bound within the tolerance), as it would have to without being told the answer. A network under 100 nodes is relaxed cold six times, each on a fresh engine, and its fastest relaxation is reported (the lab lattice's rows come first in a fresh process, and one run of a few milliseconds would time the engine's compilation); larger ones once. Throughput share: of the ceiling, and of the ping-pong with one message per actor turn measured just before that relaxation (best of 3 runs of a million messages a pair; the machine's speed drifts over minutes, so the yardstick is taken beside what it measures). Warm: the same engine after every conductance moved by a random factor in [0.99, 1.01].");
        report.AppendLine();
        report.AppendLine("| network | schedule | omega | tolerance | max error | sweeps | messages | control | Jacobi sweeps | Jacobi messages | messages / Jacobi | certified Jacobi messages | messages / certified Jacobi | throughput (msg/s) | share of ceiling | one per turn beside it (msg/s) | share of one per turn | actors (ms) | reference (ms) | warm messages | warm actors (ms) | warm reference (ms) |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var sorRows = new List<string>();
        (int GaussSeidel, int Sor, int ActorSweeps)? sorCut = null;
        foreach (var c in cases)
        {
            Console.Error.WriteLine($"actors: {c.Name} ({c.Network.NodeCount} nodes, {c.Network.EdgeCount} edges) ...");
            var exact = ReferenceSolver.Solve(c.Network).Voltages;
            var referenceMs = Timing.Measure(() => ReferenceSolver.Solve(c.Network), 3, 2).Median * 1e3;
            var jacobi = CentralIterations.JacobiSweeps(c.Network, exact, c.Tolerance, 400_000);
            var jacobiMessages = jacobi < 0 ? -1 : jacobi * CentralIterations.JacobiMessagesPerSweep(c.Network);
            var certified = CentralIterations.CertifiedJacobiSweeps(c.Network, c.Tolerance, 400_000);
            var certifiedMessages = certified < 0 ? -1 : certified * CentralIterations.JacobiMessagesPerSweep(c.Network);
            var colours = CentralIterations.GreedyColours(c.Network);
            var omegaOpt = c.Omega > 0 ? c.Omega : CentralIterations.OptimalOmega(c.Network, c.Network.NodeCount > 2000 ? 40_000 : 5000);
            Console.Error.WriteLine($"actors:   reference {referenceMs:G3} ms, Jacobi {jacobi} sweeps, omega {omegaOpt:F4}");

            var schedules = new List<(Schedule, double)> { (Schedule.Clocked, omegaOpt) };
            if (omegaOpt != 1.0) schedules.Insert(0, (Schedule.Clocked, 1.0));
            if (c.Async) schedules.Add((Schedule.Async, 1.0));
            foreach (var (schedule, omega) in schedules)
            {
                if (schedule == Schedule.Clocked && omega == 1.0 && c.Network.NodeCount >= 10_000 && c.Name.StartsWith("100x100"))
                {
                    // Gauss-Seidel at omega 1 needs tens of thousands of sweeps here (see the over-relaxation table):
                    // counted centrally, not run through the actors.
                    continue;
                }
                var result = RunActors(system, c, schedule, omega, exact, new Yardsticks(jacobi, jacobiMessages, certifiedMessages, referenceMs), ceiling);
                results.Add(result);
                report.AppendLine(result.Row);
                Console.Error.WriteLine("actors:   " + result.Row);
            }
            var gs = CentralIterations.SorSweeps(c.Network, exact, c.Tolerance, 400_000, 1.0, colours);
            var sor = CentralIterations.SorSweeps(c.Network, exact, c.Tolerance, 400_000, omegaOpt, colours);
            sorRows.Add($"| {c.Name} | {jacobi} | {gs} | {omegaOpt:F4} | {sor} | {(sor > 0 ? (double)gs / sor : double.NaN):F1} |");
            if (c.Name.StartsWith("100x100")) sorCut = (gs, sor, results.Last(r => r.Name == c.Name).Sweeps);
        }
        report.AppendLine();
        report.AppendLine("### Over-relaxation (sweeps to the tolerance, multicolour Gauss-Seidel as in the clocked schedule, counted centrally)");
        report.AppendLine();
        report.AppendLine("omega from the Jacobi spectral radius rho (power iteration): 2 / (1 + sqrt(1 - rho^2)).");
        report.AppendLine();
        report.AppendLine("| network | Jacobi sweeps | Gauss-Seidel (omega 1) sweeps | omega | SOR sweeps | cut |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in sorRows) report.AppendLine(r);
        report.AppendLine();

        var bytesPerActor = Memory(system, report, quick);
        Targets(report, ceiling, results, sorCut, bytesPerActor);
        var markdown = report.ToString();
        Console.WriteLine(markdown);
        if (write) Console.Error.WriteLine($"actors: wrote {BenchmarkDocument.WriteSection(Name, markdown)}");
        return 0;
    }

    private sealed record Case(string Name, Network Network, double Tolerance, bool Async, double Omega);

    /// <summary>What a relaxation is measured against: Jacobi stopped by the exact answer or by a proof, and the reference solver.</summary>
    private sealed record Yardsticks(int JacobiSweeps, long JacobiMessages, long CertifiedJacobiMessages, double ReferenceMs);

    private sealed record Result(string Name, Schedule Schedule, double Omega, int Sweeps, double Throughput, double OnePerTurn, double PerJacobi, double PerCertifiedJacobi, string Row)
    {
        public double ShareOfOnePerTurn => Throughput / OnePerTurn;
    }

    private static Result RunActors(ActorSystem system, Case c, Schedule schedule, double omega, double[] exact, Yardsticks y, Ceilings ceiling)
    {
        var options = new ActorEngineOptions { Schedule = schedule, Omega = omega, Tolerance = c.Tolerance, Seed = Seed, MaxSweeps = 200_000 };
        var onePerTurn = PingPong.OneMessagePerTurnRate(system);
        var fastest = FastestColdRelaxation(system, c, options);
        var engine = ActorEngine.Start(c.Network, options, system);
        try
        {
            var cold = engine.RelaxAsync().GetAwaiter().GetResult();
            var error = cold.Free.Voltages.Zip(exact, (a, b) => Math.Abs(a - b)).Max();
            var random = new Random(Seed);
            var nudged = c.Network.Edges.Select(e => (IEdgeElement)new Resistor(e.Element.LinearConductance!.Value * (0.99 + 0.02 * random.NextDouble()))).ToArray();
            var changed = c.Network.WithElements(nudged);
            var warm = engine.RelaxAsync(new PhaseSpec(Elements: nudged)).GetAwaiter().GetResult();
            var warmExact = ReferenceSolver.Solve(changed).Voltages;
            var warmError = warm.Free.Voltages.Zip(warmExact, (a, b) => Math.Abs(a - b)).Max();
            if (warmError > c.Tolerance || error > c.Tolerance)
                throw new BenchmarkException($"{c.Name}: actors off by {Math.Max(error, warmError):G3} V, beyond the tolerance {c.Tolerance} V");
            var warmReferenceMs = Timing.Measure(() => ReferenceSolver.Solve(changed), 3, 1).Median * 1e3;
            var s = fastest is { } f && f.WallMs < cold.Stats.WallMs ? f : cold.Stats;
            var ratio = y.JacobiMessages > 0 ? (double)s.Messages / y.JacobiMessages : double.NaN;
            var certifiedRatio = y.CertifiedJacobiMessages > 0 ? (double)s.Messages / y.CertifiedJacobiMessages : double.NaN;
            var throughput = s.Messages / (s.WallMs / 1e3);
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {c.Name} | {schedule.ToString().ToLowerInvariant()} | {omega:0.####} | {c.Tolerance:G2} | {error:G2} | {s.SweepsOrRounds} | {s.Messages:N0} | {s.ControlMessages:N0} | {y.JacobiSweeps} | {y.JacobiMessages:N0} | {ratio:F3} | {y.CertifiedJacobiMessages:N0} | {certifiedRatio:F3} | {throughput:N0} | {throughput / ceiling.Best:P0} | {onePerTurn:N0} | {throughput / onePerTurn:P0} | {s.WallMs:G4} | {y.ReferenceMs:G3} | {warm.Stats.Messages:N0} | {warm.Stats.WallMs:G4} | {warmReferenceMs:G3} |");
            return new Result(c.Name, schedule, omega, s.SweepsOrRounds, throughput, onePerTurn, ratio, certifiedRatio, row);
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Cold relaxations of a small network, each on a fresh engine, before the measured one.</summary>
    private const int SmallNetworkRepeats = 5;

    /// <summary>
    /// A small network's relaxation takes milliseconds, so one run measures the first pass through
    /// the engine's code (the lab lattice's rows come first in a fresh process: its compilation)
    /// and whatever the machine did in those milliseconds. As the yardstick beside it is the best
    /// of three runs, a network under 100 nodes is relaxed cold <see cref="SmallNetworkRepeats"/>
    /// more times on fresh engines and the fastest relaxation is reported; null for larger ones.
    /// </summary>
    private static RelaxationStats? FastestColdRelaxation(ActorSystem system, Case c, ActorEngineOptions options)
    {
        if (c.Network.NodeCount >= 100) return null;
        RelaxationStats? fastest = null;
        for (var r = 0; r < SmallNetworkRepeats; r++)
        {
            var engine = ActorEngine.Start(c.Network, options, system);
            try
            {
                var stats = engine.RelaxAsync().GetAwaiter().GetResult().Stats;
                if (fastest is null || stats.WallMs < fastest.WallMs) fastest = stats;
            }
            finally
            {
                engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        return fastest;
    }

    private static Ceilings Ceiling(ActorSystem system, StringBuilder report)
    {
        var ceilings = PingPong.Measure(system);
        report.AppendLine("### Ceiling: raw Akka.NET ping-pong");
        report.AppendLine();
        report.AppendLine($"{ceilings.Pairs} pairs (one per core) on the engine's dispatcher, counting both directions; best of {ceilings.Runs} runs of 4 million messages per pair each. The last row runs on the same dispatcher with one message per actor turn (Akka's `throughput = 1`), so every message pays its own scheduling, as in relaxation, whose actors rarely find more than one or two waiting.");
        report.AppendLine();
        report.AppendLine("| messages in flight per pair | messages/s |");
        report.AppendLine("|---|---|");
        foreach (var (inFlight, rate) in ceilings.Rates)
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {inFlight} | {rate:N0} |"));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| 256, one message per actor turn | {ceilings.OneMessagePerTurn:N0} |"));
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Ceiling: {ceilings.Best:N0} msg/s; half of it: {ceilings.Best / 2:N0} msg/s. One message per turn: {ceilings.OneMessagePerTurn:N0} msg/s."));
        report.AppendLine();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"actors: ceiling {ceilings.Best:N0} msg/s, one message per turn {ceilings.OneMessagePerTurn:N0}"));
        return ceilings;
    }

    /// <summary>The issue's targets, each with the figures above that decide it.</summary>
    private static void Targets(StringBuilder report, Ceilings ceiling, List<Result> results, (int GaussSeidel, int Sor, int ActorSweeps)? sorCut, double bytesPerActor)
    {
        report.AppendLine("### Against the targets");
        report.AppendLine();
        report.AppendLine("| target | result | met? |");
        report.AppendLine("|---|---|---|");
        var best = results.MaxBy(r => r.ShareOfOnePerTurn)!;
        var worst = results.MinBy(r => r.ShareOfOnePerTurn)!;
        var belowTarget = results.Count(r => r.ShareOfOnePerTurn < 0.8);
        report.AppendLine(Invariant($"| relaxation throughput at least 0.8 of the one-message-per-turn ping-pong measured beside it, every network, both schedules | {best.ShareOfOnePerTurn:P0} at best ({best.Name}, {Label(best)}: {best.Throughput:N0} msg/s); {worst.ShareOfOnePerTurn:P0} at worst ({worst.Name}, {Label(worst)}: {worst.Throughput:N0} msg/s) | {(belowTarget == 0 ? "yes" : $"no (met on {results.Count - belowTarget} of {results.Count} rows)")} |"));
        foreach (var schedule in new[] { Schedule.Clocked, Schedule.Async })
        {
            var rows = results.Where(r => r.Schedule == schedule && r.Omega == 1.0).ToList();
            if (rows.Count == 0) continue;
            var list = string.Join("; ", rows.Select(r => Invariant($"{r.Name} {r.PerJacobi:F3} ({r.PerCertifiedJacobi:F3} of certified Jacobi)")));
            var met = rows.All(r => r.PerJacobi <= 1) ? "yes" : rows.All(r => r.PerCertifiedJacobi <= 1) ? "against certified Jacobi only" : "no";
            report.AppendLine($"| messages per equilibrium no more than Jacobi ({schedule.ToString().ToLowerInvariant()}, omega 1) | {list} | {met} |");
        }
        if (sorCut is { } cut)
            report.AppendLine(Invariant($"| over-relaxation cuts sweeps on the 100x100 lattice at least tenfold | {cut.GaussSeidel:N0} Gauss-Seidel sweeps (counted centrally; through the actors they would take hours) against {cut.ActorSweeps:N0} over-relaxed sweeps through the actors ({cut.Sor:N0} for exact SOR centrally): {(double)cut.GaussSeidel / cut.ActorSweeps:F0}x | {((double)cut.GaussSeidel / cut.ActorSweeps >= 10 ? "yes" : "no")} |"));
        report.AppendLine(Invariant($"| at most 1 KB per actor | {bytesPerActor:N0} bytes at most (Memory) | {(bytesPerActor <= 1024 ? "yes (1 KB = 1,024 bytes)" : "no")} |"));
        report.AppendLine();
    }

    private static string Label(Result r) => r.Omega == 1.0 ? r.Schedule.ToString().ToLowerInvariant() : string.Create(CultureInfo.InvariantCulture, $"{r.Schedule.ToString().ToLowerInvariant()}, omega {r.Omega:0.###}");

    /// <summary>Writes the memory table; returns the larger cost per actor of the two networks.</summary>
    private static double Memory(ActorSystem system, StringBuilder report, bool quick)
    {
        // Two networks with different edge-to-node ratios give the cost of a node actor and of an edge actor.
        var a = quick ? Lattice(32) : Lattice(100);
        var b = quick ? RandomGraph(1000, 5000) : RandomGraph();
        var bytesA = BytesFor(system, a);
        var bytesB = BytesFor(system, b);
        var perActorA = bytesA / (a.NodeCount + a.EdgeCount);
        var perActorB = bytesB / (b.NodeCount + b.EdgeCount);
        const double budget = 24.0 * 1024 * 1024 * 1024;
        // The per-actor cost includes everything the engine adds (actor cells, mailboxes, paths,
        // the actors' state and the shared wiring tables); the network object itself is excluded.
        var latticeActors = budget / perActorA;
        var randomActors = budget / perActorB;
        report.AppendLine("### Memory");
        report.AppendLine();
        report.AppendLine("Managed heap after a full collection with the engine wired and settled, minus the heap before the engine started (the Network object excluded; actor cells, mailboxes, paths, actor state and the shared wiring tables included).");
        report.AppendLine();
        report.AppendLine("| network | actors | bytes | bytes per actor |");
        report.AppendLine("|---|---|---|---|");
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {a.NodeCount} nodes, {a.EdgeCount} edges | {a.NodeCount + a.EdgeCount:N0} | {bytesA:N0} | {perActorA:N0} |"));
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {b.NodeCount} nodes, {b.EdgeCount} edges | {b.NodeCount + b.EdgeCount:N0} | {bytesB:N0} | {perActorB:N0} |"));
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Largest network in 24 GiB, estimated from these costs with nothing else in memory: about {latticeActors / 1e6:N0} million actors on a lattice ({latticeActors / 3 / 1e6:N1} million nodes), {randomActors / 1e6:N0} million on a random graph with 5 edges per node ({randomActors / 6 / 1e6:N1} million nodes). Each node actor grows by 4 doubles and an int per incident edge."));
        report.AppendLine();
        return Math.Max(perActorA, perActorB);
    }

    /// <summary>
    /// Heap growth for one engine, in an actor system of its own (so nothing left over from other
    /// engines is collected in between and counted negative).
    /// </summary>
    private static double BytesFor(ActorSystem _, Network network)
    {
        Console.Error.WriteLine($"actors: memory with {network.NodeCount + network.EdgeCount:N0} actors ...");
        // Any settled phase will do: every actor has been created and has its state. Over-relaxed and coarse, it is quick.
        var options = new ActorEngineOptions { Tolerance = 1.0, Omega = 1.9, Seed = Seed };
        var system = ActorSystem.Create("memory", EngineConfig.For(options));
        try
        {
            var before = ManagedHeap.Settle();
            var engine = ActorEngine.Start(network, options, system);
            engine.RelaxAsync().GetAwaiter().GetResult();
            var after = ManagedHeap.Settle();
            GC.KeepAlive(engine);
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return after - before;
        }
        finally
        {
            system.Terminate().Wait();
        }
    }

    private static Func<int, IEdgeElement> Conductances(int count)
    {
        var random = new Random(Seed);
        var k = Enumerable.Range(0, count).Select(_ => Math.Pow(10, -1 + 2 * random.NextDouble())).ToArray();
        return j => new Resistor(k[j]);
    }

    private static Network LabLattice()
    {
        var t = Topology.SquareLattice(4, 4, periodic: true);
        var held = new Dictionary<string, (NodeRole, double)>
        {
            ["n0_0"] = (NodeRole.Input, 1.0),
            ["n1_3"] = (NodeRole.Bias, 0.5),
            ["n2_2"] = (NodeRole.Ground, 0.0),
        };
        return t.ToNetwork(Conductances(t.EdgeCount), held);
    }

    internal static Network Lattice(int side)
    {
        var t = Topology.SquareLattice(side, side, periodic: false);
        var held = new Dictionary<string, (NodeRole, double)>();
        for (var r = 0; r < side; r++)
        {
            held[$"n{r}_0"] = (NodeRole.Input, 1.0);
            held[$"n{r}_{side - 1}"] = (NodeRole.Ground, 0.0);
        }
        return t.ToNetwork(Conductances(t.EdgeCount), held);
    }

    internal static Network RandomGraph(int nodes = 10_000, int edges = 50_000)
    {
        var t = Topology.RandomConnected(nodes, edges, Seed);
        var random = new Random(Seed + 1);
        var held = new Dictionary<string, (NodeRole, double)>();
        foreach (var i in Enumerable.Range(0, nodes).OrderBy(_ => random.Next()).Take(nodes / 100))
            held[t.NodeNames[i]] = (NodeRole.Input, Math.Round(-1 + 2 * random.NextDouble(), 3));
        return t.ToNetwork(Conductances(t.EdgeCount), held);
    }
}
