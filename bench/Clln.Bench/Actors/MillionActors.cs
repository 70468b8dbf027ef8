using System.Diagnostics;
using System.Globalization;
using System.Text;
using Akka.Actor;
using Clln.Actors;
using Clln.Actors.Hosting;
using Clln.Bench.Infrastructure;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;
using static System.FormattableString;

namespace Clln.Bench.Actors;

/// <summary>
/// One relaxation of a network of a million actors or more (issue: "a 10^6-actor network relaxes
/// to 1e-6 V certified on this machine, at most 1 KB per actor"): a connected random graph with
/// conductances log-uniform over two decades and a share of its nodes held at random voltages,
/// every node and every edge its own actor. Reports the time to wire, to relax and certify, the
/// messages, the managed memory per actor, and the error against the reference solver.
/// </summary>
public sealed class MillionActors : IBenchmark
{
    private const int Seed = 20261207;

    public string Name => "million";

    public string Description => "one relaxation of a million-actor random graph: wiring and relaxation time, messages, memory per actor";

    public string? Usage => """
        usage: Clln.Bench million [--nodes N] [--edges E] [--held FRACTION] [--schedule clocked|async] [--no-write]
          --nodes     nodes of the random graph (default 200000)
          --edges     edges (default 800000: with the nodes, a million actors)
          --held      share of the nodes held at random voltages in [-1, 1] V (default 0.1)
          --schedule  the relaxation schedule (default clocked)
          --no-write  print the report only; leave docs/benchmarks.md alone
        """;

    public int Run(string[] args)
    {
        var (nodes, edges, held, schedule, write) = (200_000, 800_000, 0.1, Schedule.Clocked, true);
        for (var a = 0; a < args.Length; a++)
        {
            string Next() => a + 1 < args.Length ? args[++a] : throw new BenchmarkException($"{args[a]} needs a value");
            switch (args[a])
            {
                case "--nodes": nodes = Positive(Next(), "--nodes"); break;
                case "--edges": edges = Positive(Next(), "--edges"); break;
                case "--held":
                    held = double.TryParse(Next(), CultureInfo.InvariantCulture, out var h) && h is > 0 and < 1 ? h : throw new BenchmarkException("--held: a share in (0, 1)");
                    break;
                case "--schedule": schedule = Enum.TryParse<Schedule>(Next(), ignoreCase: true, out var s) ? s : throw new BenchmarkException("--schedule: clocked or async"); break;
                case "--no-write": write = false; break;
                default: throw new BenchmarkException($"unknown option '{args[a]}' (try --help)");
            }
        }
        if (edges < nodes - 1) throw new BenchmarkException($"--edges: a connected graph of {nodes} nodes needs at least {nodes - 1} edges");

        var build = Stopwatch.StartNew();
        var network = Build(nodes, edges, held);
        var buildS = build.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"million: {nodes:N0} nodes, {edges:N0} edges built in {buildS:F1} s; central solve ...");
        var referenceClock = Stopwatch.StartNew();
        var exact = CentralSolve(network);
        var referenceS = referenceClock.Elapsed.TotalSeconds;

        const double tolerance = 1e-6;
        var options = new ActorEngineOptions { Schedule = schedule, Tolerance = tolerance, Seed = Seed, MaxSweeps = 200_000, Timeout = TimeSpan.FromHours(3) };
        var system = ActorSystem.Create("million", EngineConfig.For(options));
        try
        {
            var before = ManagedHeap.Settle();
            var wiring = Stopwatch.StartNew();
            var engine = ActorEngine.Start(network, options, system);
            var wiredS = wiring.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"million: {network.NodeCount + network.EdgeCount:N0} actors started in {wiredS:F1} s; relaxing ...");
            var relax = Stopwatch.StartNew();
            var settled = engine.RelaxAsync().GetAwaiter().GetResult();
            var relaxS = relax.Elapsed.TotalSeconds;
            var after = ManagedHeap.Settle();
            GC.KeepAlive(engine);
            var actors = network.NodeCount + network.EdgeCount;
            var perActor = (after - before) / (double)actors;
            var error = exact.Zip(settled.Free.Voltages, (x, y) => Math.Abs(x - y)).Max();
            var stats = settled.Stats;
            engine.DisposeAsync().AsTask().GetAwaiter().GetResult();

            var command = "dotnet run -c Release --project bench/Clln.Bench -- million" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
            var report = new StringBuilder();
            report.AppendLine("## A million actors");
            report.AppendLine();
            report.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} on {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory}, {MachineInfo.Dotnet}, with `{command}`.");
            report.AppendLine();
            report.AppendLine(Invariant($"A connected random graph (a random spanning tree, then random extra pairs) of {nodes:N0} nodes and {edges:N0} edges, conductances log-uniform in [0.1, 10] S, {held:P0} of the nodes held at random voltages in [-1, 1] V; every node and every edge is its own actor ({actors:N0} actors), relaxed cold in one process, {schedule.ToString().ToLowerInvariant()} schedule, omega 1, and certified within {tolerance:G} V of the exact equilibrium. The error is checked against a central conjugate-gradient solve of the same network to a relative residual of 1e-13. Memory: the managed heap after a full collection with the engine wired and settled, minus the heap before it started (the Network object excluded)."));
            report.AppendLine();
            report.AppendLine("| actors | wiring (s) | relaxation and certificate (s) | sweeps | messages | control messages | messages/s | error bound (V) | max error against a central solve (V) | central solve (s) | bytes | bytes per actor |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            report.AppendLine(Invariant($"| {actors:N0} | {wiredS:F1} | {relaxS:F1} | {stats.SweepsOrRounds:N0} | {stats.Messages:N0} | {stats.ControlMessages:N0} | {stats.Messages / relaxS:N0} | {stats.ErrorBound:G2} | {error:G2} | {referenceS:F1} | {after - before:N0} | {perActor:N0} |"));
            report.AppendLine();
            string YesNo(bool ok) => ok ? "yes" : "no";
            report.AppendLine(Invariant($"Target (a network of at least 10^6 actors relaxes to 1e-6 V certified, at most 1 KB per actor): at least 10^6 actors, {YesNo(actors >= 1_000_000)}; certified, {YesNo(stats.Certified)}; within the tolerance of the central solve, {YesNo(error <= tolerance)}; at most 1,024 bytes per actor, {YesNo(perActor <= 1024)} ({perActor:N0})."));
            var markdown = report.ToString();
            Console.WriteLine(markdown);
            if (write) Console.Error.WriteLine($"million: wrote {BenchmarkDocument.WriteSection(Name, markdown)}");
            return 0;
        }
        finally
        {
            system.Terminate().Wait();
        }
    }

    /// <summary>
    /// The exact equilibrium, computed centrally and independently of the engine: the free nodes'
    /// Laplacian system (built apart, see <see cref="Solver.FreeNodeSystem"/>) by Jacobi-preconditioned
    /// conjugate gradients to a relative residual of 1e-13. The reference solver's sparse Cholesky
    /// would do too on a lattice, but a random graph has no small separators: its factor fills in.
    /// </summary>
    private static double[] CentralSolve(Network network)
    {
        var heldVoltages = network.HeldVoltages();
        var system = Solver.FreeNodeSystem.Build(network, network.Edges.Select(e => e.Element.LinearConductance!.Value).ToArray(), heldVoltages);
        var n = system.Size;
        var diagonal = new double[n];
        for (var r = 0; r < n; r++)
            for (var p = system.RowStart[r]; p < system.RowStart[r + 1]; p++)
                if (system.Columns[p] == r) diagonal[r] = system.Values[p];
        void Multiply(double[] x, double[] y)
        {
            for (var r = 0; r < n; r++)
            {
                var sum = 0.0;
                for (var p = system.RowStart[r]; p < system.RowStart[r + 1]; p++) sum += system.Values[p] * x[system.Columns[p]];
                y[r] = sum;
            }
        }
        var (x, residual, z, direction, product) = (new double[n], system.RightHandSide.ToArray(), new double[n], new double[n], new double[n]);
        for (var r = 0; r < n; r++) direction[r] = z[r] = residual[r] / diagonal[r];
        var rz = residual.Zip(z, (a, b) => a * b).Sum();
        var target = 1e-13 * Math.Sqrt(system.RightHandSide.Sum(v => v * v));
        for (var iteration = 0; iteration < 100_000 && Math.Sqrt(residual.Sum(v => v * v)) > target; iteration++)
        {
            Multiply(direction, product);
            var step = rz / direction.Zip(product, (a, b) => a * b).Sum();
            for (var r = 0; r < n; r++)
            {
                x[r] += step * direction[r];
                residual[r] -= step * product[r];
                z[r] = residual[r] / diagonal[r];
            }
            var next = residual.Zip(z, (a, b) => a * b).Sum();
            for (var r = 0; r < n; r++) direction[r] = z[r] + next / rz * direction[r];
            rz = next;
        }
        var voltages = heldVoltages.ToArray();
        for (var r = 0; r < n; r++) voltages[system.FreeNodes[r]] = x[r];
        return voltages;
    }

    private static int Positive(string value, string option) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 2 ? n : throw new BenchmarkException($"{option}: a whole number of at least 2");

    private static Network Build(int nodes, int edges, double heldShare)
    {
        var t = Topology.RandomConnected(nodes, edges, Seed);
        var random = new Random(Seed + 1);
        var k = Enumerable.Range(0, t.EdgeCount).Select(_ => Math.Pow(10, -1 + 2 * random.NextDouble())).ToArray();
        var held = new Dictionary<string, (NodeRole, double)>();
        foreach (var i in Enumerable.Range(0, nodes).OrderBy(_ => random.Next()).Take((int)(nodes * heldShare)))
            held[t.NodeNames[i]] = (NodeRole.Input, Math.Round(-1 + 2 * random.NextDouble(), 3));
        return t.ToNetwork(j => new Resistor(k[j]), held);
    }
}
