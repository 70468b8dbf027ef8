using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Clln.Actors;
using Clln.Actors.Hosting;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Bench.Actors;

/// <summary>
/// One network, relaxed again and again with the ping-pong ceiling measured between the
/// relaxations, so that an engine or dispatcher change can be judged by its share of the ceiling
/// on a machine whose speed drifts. Prints only; never writes docs/benchmarks.md.
/// </summary>
public sealed class RelaxTrial : IBenchmark
{
    public string Name => "relax";

    public string Description => "one network relaxed repeatedly, each run beside its ceilings (for engine trials)";

    public int Run(string[] args)
    {
        var side = 20;
        var randomNodes = 0;
        var repeat = 5;
        var schedule = Schedule.Clocked;
        var omega = 1.0;
        string? executor = null;
        for (var a = 0; a < args.Length; a++)
        {
            string Value() => a + 1 < args.Length ? args[++a] : throw new BenchmarkException($"{args[a]} needs a value");
            switch (args[a])
            {
                case "--side": side = ParseInt("--side", Value(), 2); break;
                case "--random": randomNodes = ParseInt("--random", Value(), 100); break;
                case "--repeat": repeat = ParseInt("--repeat", Value(), 1); break;
                case "--omega": omega = double.TryParse(Value(), CultureInfo.InvariantCulture, out var w) && w > 0 && w < 2 ? w : throw new BenchmarkException("--omega must be in (0, 2)"); break;
                case "--schedule":
                    schedule = Value() switch
                    {
                        "clocked" => Schedule.Clocked,
                        "async" => Schedule.Async,
                        var s => throw new BenchmarkException($"--schedule: unknown '{s}' (clocked or async)"),
                    };
                    break;
                case "--executor": executor = Value(); break;
                case "-h" or "--help":
                    Console.WriteLine("usage: Clln.Bench relax [--side N | --random NODES] [--schedule clocked|async] [--omega W] [--repeat R] [--executor NAME]");
                    Console.WriteLine("  an N x N open lattice (default 20), left column at 1 V, right column grounded, tolerance 1e-6 V;");
                    Console.WriteLine("  or a random connected graph of NODES nodes and 5 edges per node, 1 % of them held (as in the actors benchmark);");
                    Console.WriteLine("  each of R rounds measures the ping-pong ceiling (a pair per core, 256 in flight), the same with one message per actor turn, and one cold relaxation.");
                    Console.WriteLine("  --executor replaces the engine dispatcher's executor (an Akka executor name or a configurator type) for a trial.");
                    return 0;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }

        var options = new ActorEngineOptions { Schedule = schedule, Omega = omega, Tolerance = 1e-6, Seed = 20240603, MaxSweeps = 200_000 };
        var config = EngineConfig.For(options);
        if (executor is not null)
            config = ConfigurationFactory.ParseString($"{EngineConfig.DispatcherId}.executor = \"{executor}\"").WithFallback(config);
        using var system = ActorSystem.Create("relax", PingPong.WithOneMessagePerTurn(config));
        var network = randomNodes > 0 ? ActorsBenchmark.RandomGraph(randomNodes, 5 * randomNodes) : ActorsBenchmark.Lattice(side);
        var name = randomNodes > 0 ? "random graph" : $"{side}x{side} lattice";
        Console.WriteLine($"relax: {name} ({network.NodeCount} nodes, {network.EdgeCount} edges), {schedule.ToString().ToLowerInvariant()}, omega {omega}, executor {executor ?? "(engine's)"}");
        var exact = ReferenceSolver.Solve(network).Voltages;
        var perSweep = CentralIterations.JacobiMessagesPerSweep(network);
        var jacobi = CentralIterations.JacobiSweeps(network, exact, options.Tolerance, 1_000_000) * perSweep;
        var certified = CentralIterations.CertifiedJacobiSweeps(network, options.Tolerance, 1_000_000) * perSweep;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Jacobi messages: {jacobi:N0} stopped by the exact answer, {certified:N0} stopped by the engine's certificate"));
        Console.WriteLine("| round | ceiling (msg/s) | one per turn (msg/s) | relaxation (msg/s) | share of ceiling | share of one per turn | messages | control | wall ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        List<double> shares = [], turnShares = [];
        for (var r = 0; r <= repeat; r++)
        {
            var messages = r == 0 ? 200_000 : 2_000_000;
            var ceiling = PingPong.MessagesPerSecond(system, EngineConfig.DispatcherId, Environment.ProcessorCount, 256, messages);
            var onePerTurn = PingPong.MessagesPerSecond(system, PingPong.OneMessagePerTurn, Environment.ProcessorCount, 256, messages);
            var stats = RelaxOnce(system, network, options);
            var rate = stats.Messages / (stats.WallMs / 1e3);
            if (r == 0) continue; // warm-up: the JIT is still at work
            shares.Add(rate / ceiling);
            turnShares.Add(rate / onePerTurn);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r} | {ceiling:N0} | {onePerTurn:N0} | {rate:N0} | {rate / ceiling:P0} | {rate / onePerTurn:P0} | {stats.Messages:N0} | {stats.ControlMessages:N0} | {stats.WallMs:F0} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median share of the ceiling: {Median(shares):P1}; of the one-message-per-turn ceiling: {Median(turnShares):P1}"));
        return 0;
    }

    private static RelaxationStats RelaxOnce(ActorSystem system, Network network, ActorEngineOptions options)
    {
        var engine = ActorEngine.Start(network, options, system);
        try
        {
            return engine.RelaxAsync().GetAwaiter().GetResult().Stats;
        }
        finally
        {
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int ParseInt(string flag, string text, int min) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var n) && n >= min ? n : throw new BenchmarkException($"{flag} must be a whole number of at least {min}");
}
