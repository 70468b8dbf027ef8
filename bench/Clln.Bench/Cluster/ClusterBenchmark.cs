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

namespace Clln.Bench.Cluster;

/// <summary>
/// `cluster`: what spreading a run over members costs. The share of node-edge links that cross
/// members on the 100x100 lattice cut into 3 (graph blocks against hash placement); one
/// relaxation and one training epoch on one process against 3 loopback members; and Akka.NET's
/// own remote ping-pong rate between two loopback members, measured in the same run.
/// </summary>
internal sealed class ClusterBenchmark : IBenchmark
{
    public string Name => "cluster";

    public string Description => "cross-member link share (graph vs hash), relaxation and training on 1 process vs 3 loopback members, remote ping-pong";

    public int Run(string[] args)
    {
        var side = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 20;
        var report = new StringBuilder();
        report.AppendLine("## Cluster");
        report.AppendLine();
        report.AppendLine($"`dotnet run -c Release --project bench/Clln.Bench -- cluster {side}` (the argument: the relaxation lattice's side).");
        report.AppendLine();
        report.AppendLine($"Machine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, load {MachineInfo.LoadAverage}; shared with other work, so timings are noisy.");
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

        var network = ActorsBenchmark.Lattice(side);
        var options = new ActorEngineOptions { Tolerance = 1e-6 };
        var (oneMs, oneMessages, _) = Relax(() => Task.FromResult(ActorEngine.Start(network, options)));
        // Training: Iris on the 4x4 lattice, one epoch of 15 training steps and 150 measurements.
        var training = new Experiment { Seed = 1, Epochs = 1, TrainPerClass = 5 };
        var trainedAlone = TrainingRun.Train(training);
        var cluster = LoopbackCluster.StartAsync(3).GetAwaiter().GetResult();
        double remote;
        (double Ms, long Messages, long Cross) three;
        TrainingRun trainedSpread;
        try
        {
            three = Relax(() => ClusterRun.StartAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(3)));
            trainedSpread = TrainingRun.Train(training, run => ClusterTwinNetwork.StartAsync(cluster.Coordinator, run.Network, ActorTwinNetwork.OptionsFor(run),
                new ClusterRun.Spread(3), new LearningSetup(run.Learning), run.InputNodes, run.OutputNodes, run.Experiment.Eta).GetAwaiter().GetResult());
            remote = RemotePingPong(cluster.Partitions[0], cluster.Partitions[1], TimeSpan.FromSeconds(5));
        }
        finally
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        report.AppendLine($"| {side}x{side} lattice, one cold relaxation (clocked, 1e-6 V) | wall ms | node-edge messages | crossing members | messages/s |");
        report.AppendLine("|---|---|---|---|---|");
        report.AppendLine($"| 1 process | {oneMs:F0} | {oneMessages} | 0 | {oneMessages / (oneMs / 1000):F0} |");
        report.AppendLine($"| 3 loopback members | {three.Ms:F0} | {three.Messages} | {three.Cross} ({(double)three.Cross / three.Messages:P1}) | {three.Messages / (three.Ms / 1000):F0} |");
        report.AppendLine();
        report.AppendLine("| Iris, 4x4 lattice, one training epoch (15 steps, 150 measurements; clocked) | wall s | node-edge messages | messages/s | same test loss |");
        report.AppendLine("|---|---|---|---|---|");
        report.AppendLine($"| 1 process | {trainedAlone.Seconds:F1} | {trainedAlone.Messages} | {trainedAlone.MessagesPerSecond:F0} | |");
        report.AppendLine($"| 3 loopback members | {trainedSpread.Seconds:F1} | {trainedSpread.Messages} | {trainedSpread.MessagesPerSecond:F0} | {(trainedSpread.Last.TestLoss.Equals(trainedAlone.Last.TestLoss) ? "yes, bit for bit" : "NO")} |");
        report.AppendLine();
        report.AppendLine($"Akka.NET remote ping-pong between two loopback members (one pair, 64 in flight): {remote:F0} messages/s.");
        report.AppendLine("The clocked schedule waits at a barrier per colour step; across members each barrier costs the two count waves' round trips, which dominates on small lattices.");
        report.AppendLine("A training epoch is many small phases (two per training step, one per measurement) of a few colour steps each, so it pays those round trips far more than one large relaxation does.");
        var markdown = report.ToString();
        Console.Write(markdown);
        BenchmarkDocument.WriteSection("cluster", markdown);
        return 0;
    }

    private static (double Ms, long Messages, long Cross) Relax(Func<Task<ActorEngine>> start)
    {
        var engine = start().GetAwaiter().GetResult();
        try
        {
            var watch = Stopwatch.StartNew();
            var settled = engine.RelaxAsync().GetAwaiter().GetResult();
            return (watch.Elapsed.TotalMilliseconds, settled.Stats.Messages, engine.CrossMemberMessages);
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>Messages per second both ways between an actor on <paramref name="a"/> and one on <paramref name="b"/>.</summary>
    private static double RemotePingPong(ActorSystem a, ActorSystem b, TimeSpan duration)
    {
        var pong = b.ActorOf(Props.Create(() => new Pong()), "pong");
        var address = Akka.Cluster.Cluster.Get(b).SelfAddress;
        var remotePong = ((ExtendedActorSystem)a).Provider.ResolveActorRef(new RootActorPath(address) / "user" / "pong");
        var counter = new long[1];
        var ping = a.ActorOf(Props.Create(() => new Ping(remotePong, counter)));
        ping.Tell(64);
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
