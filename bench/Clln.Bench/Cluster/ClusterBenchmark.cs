using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Clln.Actors;
using Clln.Actors.Members;
using Clln.Actors.Nodes;
using Clln.Bench.Actors;
using Clln.Actors.Training;
using Clln.Actors.Wiring;
using Clln.Bench.Infrastructure;
using Clln.Bench.Learning;
using Clln.Cluster;
using Clln.Core.Experiments;
using static System.FormattableString;

namespace Clln.Bench.Cluster;

/// <summary>
/// `cluster`: what spreading a run over members costs. The share of node-edge links that cross
/// members on the 100x100 lattice cut into 3 (graph blocks against hash placement); cold lattice
/// relaxations and Iris training epochs, both schedules, on one process against 3 loopback
/// members; and Akka.NET's own remote ping-pong rate between two loopback members, in the same run.
/// </summary>
internal sealed class ClusterBenchmark : IBenchmark
{
    public string Name => "cluster";

    public string Description => "cross-member link share, relaxation and training (both schedules) on 1 process vs 3 loopback members, remote ping-pong";

    public int Run(string[] args)
    {
        List<int>? clockedSides = null, asyncSides = null; // given either, the other kind runs only if given too
        var epochs = 1;
        var membersOnly = false;
        for (var a = 0; a < args.Length; a++)
        {
            List<int> Sides() => a + 1 < args.Length && args[++a].Split(',').Select(x => int.TryParse(x, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : -1).ToList() is var l && l.All(n => n > 0)
                ? l : throw new BenchmarkException($"{args[a - 1]}: a list of lattice sides, each at least 2 (e.g. 20,100)");
            switch (args[a])
            {
                case "--clocked": clockedSides = Sides(); break;
                case "--async": asyncSides = Sides(); break;
                case "--epochs":
                    epochs = a + 1 < args.Length && int.TryParse(args[++a], CultureInfo.InvariantCulture, out var e) && e >= 0
                        ? e : throw new BenchmarkException("--epochs: a whole number of at least 0 (0: relaxation only)");
                    break;
                case "--members-only": membersOnly = true; break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Clln.Bench cluster [--clocked SIDES] [--async SIDES] [--epochs N] [--members-only]");
                    Console.WriteLine("  cold relaxations of SIDE x SIDE open lattices (comma-separated; default clocked 20,100, free-running 20; given one list, only its kind runs) and N Iris training epochs");
                    Console.WriteLine("  (default 1, both schedules; 0: none), each on one process and on 3 loopback members, and Akka.NET's remote ping-pong in the same run");
                    Console.WriteLine("  --members-only: the 3-member runs alone (for a lattice whose one-process time is known and long); printed, not written to docs/benchmarks.md");
                    return 0;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }
        if (clockedSides is null && asyncSides is null) (clockedSides, asyncSides) = ([20, 100], [20]);
        (clockedSides, asyncSides) = (clockedSides ?? [], asyncSides ?? []);
        var command = "dotnet run -c Release --project bench/Clln.Bench -- cluster" +
            (clockedSides.Count > 0 ? $" --clocked {string.Join(',', clockedSides)}" : "") +
            (asyncSides.Count > 0 ? $" --async {string.Join(',', asyncSides)}" : "") +
            $" --epochs {epochs}{(membersOnly ? " --members-only" : "")}";
        var report = new StringBuilder();
        report.AppendLine("## Cluster");
        report.AppendLine();
        report.AppendLine($"`{command}`. Machine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, load average {MachineInfo.LoadAverage} at the start; {DateTime.UtcNow:yyyy-MM-dd}.");
        report.AppendLine("Three loopback members and the coordinator's member are four actor systems in one process on this machine's cores, talking over loopback TCP.");
        report.AppendLine();

        var big = ActorsBenchmark.Lattice(100);
        var links = 2.0 * big.EdgeCount;
        var graph = Placement.Graph(big, 3).CrossLinks(big);
        var hash = Placement.Hash(big, 3).CrossLinks(big);
        report.AppendLine("| 100x100 lattice on 3 members | links crossing members | share |");
        report.AppendLine("|---|---|---|");
        report.AppendLine($"| graph blocks (`Placement.Graph`) | {graph} of {links} | {graph / links:P2} |");
        report.AppendLine($"| hash placement (`Placement.Hash`) | {hash} of {links} | {hash / links:P2} |");
        report.AppendLine();

        var relaxations = clockedSides.Select(side => (side, Schedule.Clocked)).Concat(asyncSides.Select(side => (side, Schedule.Async))).ToArray();
        var training = new Experiment { Seed = 1, Epochs = epochs };
        var schedules = epochs > 0 ? new[] { "clocked", "async" } : [];
        var alone = membersOnly ? null : relaxations.Select(r => Relax(r.side, r.Item2, network => Task.FromResult(ActorEngine.Start(network, RelaxOptions(r.side, r.Item2, network))))).ToArray();
        var trainedAlone = membersOnly ? null : schedules.Select(schedule => TrainingRun.Train(training with { Schedule = schedule })).ToArray();
        var cluster = LoopbackCluster.StartAsync(3).GetAwaiter().GetResult();
        double remote, roundTrip;
        (double Ms, long Messages, long Cross, double Error)[] spread;
        TrainingRun[] trainedSpread;
        try
        {
            remote = RemotePingPong(cluster.Partitions[0], cluster.Partitions[1], TimeSpan.FromSeconds(5), inFlight: 64);
            roundTrip = 2 / RemotePingPong(cluster.Partitions[0], cluster.Partitions[1], TimeSpan.FromSeconds(3), inFlight: 1) * 1e6;
            Console.WriteLine($"remote ping-pong {remote:N0} messages/s; round trip with one in flight {roundTrip:N0} us");
            spread = relaxations.Select(r => Relax(r.side, r.Item2, network => ClusterRun.StartAsync(cluster.Coordinator, network, RelaxOptions(r.side, r.Item2, network), new ClusterRun.Spread(3)))).ToArray();
            trainedSpread = schedules.Select(schedule => TrainingRun.Train(training with { Schedule = schedule }, run => ClusterTwinNetwork.StartAsync(cluster.Coordinator, run.Network,
                ActorTwinNetwork.OptionsFor(run), new ClusterRun.Spread(3), new LearningSetup(run.Learning), run.InputNodes, run.OutputNodes, run.Experiment.Eta).GetAwaiter().GetResult())).ToArray();
        }
        finally
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        report.AppendLine($"Akka.NET remote ping-pong between two of the loopback members (one pair, 64 in flight): **{remote:N0} messages/s**; with one message in flight, a round trip takes **{roundTrip:N0} µs** (the latency every step that waits on another member pays).");
        report.AppendLine();
        report.AppendLine("Relaxations: open lattices (conductances log-uniform in [0.1, 10] S, left column at 1 V, right column grounded), cold, certified within the tolerance and checked against the reference solver; clocked at the optimal over-relaxation above 32x32.");
        report.AppendLine();
        report.AppendLine("| lattice | schedule | omega | tolerance | 1 process (s) | 3 members (s) | ratio | messages, 1 process | messages, 3 members | crossing members | cross-member messages/s | share of remote ping-pong | max error, 3 members |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var k = 0; k < relaxations.Length; k++)
        {
            var (side, schedule) = relaxations[k];
            var options = RelaxOptions(side, schedule, ActorsBenchmark.Lattice(side));
            var three = spread[k];
            var crossRate = three.Cross / (three.Ms / 1000);
            var (oneSeconds, ratio, oneMessages) = alone?[k] is { } one
                ? (Invariant($"{one.Ms / 1000:F2}"), Invariant($"{three.Ms / one.Ms:F1}x"), Invariant($"{one.Messages:N0}"))
                : (NotRun, NotRun, NotRun);
            report.AppendLine(Invariant(
                $"| {side}x{side} | {schedule.ToString().ToLowerInvariant()} | {options.Omega:0.####} | {options.Tolerance:G2} | {oneSeconds} | {three.Ms / 1000:F2} | {ratio} | {oneMessages} | {three.Messages:N0} | {three.Cross:N0}{(three.Messages > 0 ? Invariant($" ({(double)three.Cross / three.Messages:P1})") : "")} | {crossRate:N0} | {crossRate / remote:P0} | {three.Error:G2} V |"));
        }
        if (schedules.Length > 0)
        {
            report.AppendLine();
            report.AppendLine($"Training: Iris on the lab's 4x4 lattice, {epochs} epoch(s) of 30 training steps and 150 measurements, seed 1, tolerance 1e-9 V; timed after the untrained evaluation.");
            report.AppendLine();
            report.AppendLine("| schedule | 1 process (s) | 3 members (s) | ratio | barriers (1 process) | 1 process per barrier (µs) | 3 members per barrier (µs) | floor: one hop a barrier (s) | messages, 1 process | messages, 3 members | test loss, 1 process | test loss, 3 members |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (var k = 0; k < schedules.Length; k++)
            {
                var three = trainedSpread[k];
                if (trainedAlone?[k] is not { } one)
                {
                    report.AppendLine(Invariant($"| {schedules[k]} | {NotRun} | {three.Seconds:F2} | {NotRun} | {NotRun} | {NotRun} | {NotRun} | {NotRun} | {NotRun} | {three.Messages:N0} | {NotRun} | {three.Last.TestLoss:G6} |"));
                    continue;
                }
                var barriers = Math.Max(1, one.Barriers);
                report.AppendLine(Invariant(
                    $"| {schedules[k]} | {one.Seconds:F2} | {three.Seconds:F2} | {three.Seconds / one.Seconds:F0}x | {one.Barriers:N0} | {1e6 * one.Seconds / barriers:N0} | {1e6 * three.Seconds / barriers:N0} | {one.Barriers * roundTrip / 2e6:F2} | {one.Messages:N0} | {three.Messages:N0} | {one.Last.TestLoss:G6} | {three.Last.TestLoss:G6}{(three.Last.TestLoss.Equals(one.Last.TestLoss) ? " (bit for bit)" : "")} |"));
            }
            report.AppendLine();
            report.AppendLine("A barrier is a time a phase waits, on one process, for the whole network to fall silent (its set-up, each clocked colour step, each probe). "
                + "Across members the clocked colour steps are taken by the partitions among themselves (no barrier: a step waits for one batch's trip from each neighbouring member), "
                + "so each step still costs at least one message's trip between members (half the round trip above): the floor column.");
        }
        var markdown = report.ToString();
        Console.Write(markdown);
        if (!membersOnly) BenchmarkDocument.WriteSection("cluster", markdown);
        return 0;
    }

    private const string NotRun = "not run";

    /// <summary>Free-running relaxation cannot over-relax; the clocked schedule over-relaxes large lattices at their optimum, to 1e-4 V above 32x32 (as the actors benchmark does).</summary>
    private static ActorEngineOptions RelaxOptions(int side, Schedule schedule, Clln.Core.Model.Network network) => new()
    {
        Schedule = schedule,
        Tolerance = side > 32 ? 1e-4 : 1e-6,
        Omega = schedule == Schedule.Clocked && side > 32 ? Math.Round(CentralIterations.OptimalOmega(network, 40_000), 4) : 1.0,
        MaxSweeps = 5_000_000,
        Timeout = TimeSpan.FromHours(4), // a cold free-running 100x100 lattice takes about 75,000 Jacobi sweeps: over half an hour on one process
    };

    private static (double Ms, long Messages, long Cross, double Error) Relax(int side, Schedule schedule, Func<Clln.Core.Model.Network, Task<ActorEngine>> start)
    {
        var network = ActorsBenchmark.Lattice(side);
        var engine = start(network).GetAwaiter().GetResult();
        try
        {
            var watch = Stopwatch.StartNew();
            var settled = engine.RelaxAsync().GetAwaiter().GetResult();
            var ms = watch.Elapsed.TotalMilliseconds;
            var error = settled.Free.Voltages.Zip(Clln.Core.Solving.ReferenceSolver.Solve(network).Voltages, (x, y) => Math.Abs(x - y)).Max();
            Console.WriteLine($"{side}x{side} {schedule}: {ms:F0} ms, {settled.Stats.Messages} messages, {engine.CrossMemberMessages} across members");
            return (ms, settled.Stats.Messages, engine.CrossMemberMessages, error);
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Messages per second both ways between an actor on <paramref name="a"/> and one on <paramref name="b"/>, <paramref name="inFlight"/> bouncing at once.</summary>
    private static double RemotePingPong(ActorSystem a, ActorSystem b, TimeSpan duration, int inFlight)
    {
        var name = "pong" + inFlight;
        var pong = b.ActorOf(Props.Create(() => new Pong()), name);
        var address = Akka.Cluster.Cluster.Get(b).SelfAddress;
        var remotePong = ((ExtendedActorSystem)a).Provider.ResolveActorRef(new RootActorPath(address) / "user" / name);
        var counter = new long[1];
        var ping = a.ActorOf(Props.Create(() => new Ping(remotePong, counter)));
        ping.Tell(inFlight);
        Thread.Sleep(500); // warm up
        var start = Interlocked.Read(ref counter[0]);
        var watch = Stopwatch.StartNew();
        Thread.Sleep(duration);
        var count = Interlocked.Read(ref counter[0]) - start;
        var seconds = watch.Elapsed.TotalSeconds;
        a.Stop(ping);
        b.Stop(pong);
        return 2 * count / seconds;
    }

    private sealed class Pong : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    /// <summary>Keeps a number of registered engine messages (probes) bouncing; counts returns.</summary>
    private sealed class Ping(IActorRef pong, long[] counter) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case int inFlight:
                    for (var i = 0; i < inFlight; i++) pong.Tell(new Probe(i));
                    break;
                case Probe p:
                    Interlocked.Increment(ref counter[0]);
                    pong.Tell(p);
                    break;
            }
        }
    }
}
