using Clln.Bench;
using Clln.Bench.Solver;

// Benchmark harness: `dotnet run -c Release --project bench/Clln.Bench -- <benchmark> [options]`.
// Each benchmark prints its table and writes it into docs/benchmarks.md between its own markers.
// To add one, implement IBenchmark and list it here.
IBenchmark[] benchmarks = [new SolverBenchmark(), new Clln.Bench.Actors.ActorsBenchmark(), new Clln.Bench.Actors.RelaxTrial(), new Clln.Bench.Actors.FaultsBenchmark(), new Clln.Bench.Learning.LearningResults(), new Clln.Bench.Learning.TrainingThroughput(), new Clln.Bench.Gen2.Gen2Results(), new Clln.Bench.Sweeps.ExampleSweeps(), new Clln.Bench.Cluster.ClusterBenchmark(), new Clln.Bench.Learning.TapRattle(), new Clln.Bench.Actors.MillionActors(), new Clln.Bench.Learning.ViewOverhead(), new Clln.Bench.Learning.ScalingBenchmark(), new Clln.Bench.Mechanics.SpringAllostery(), new Clln.Bench.Mechanics.SpringRelaxation()];

static bool IsHelp(string arg) => arg is "-h" or "--help";

if (args.Length == 0 || args[0] is "help" || IsHelp(args[0]) || (args.Any(IsHelp) && !benchmarks.Any(b => b.Name == args[0])))
{
    Console.WriteLine("usage: Clln.Bench <benchmark> [options]");
    Console.WriteLine();
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-12} {b.Description}");
    Console.WriteLine();
    Console.WriteLine("Run `Clln.Bench <benchmark> --help` for its options.");
    return args.Length == 0 ? 2 : 0;
}

var chosen = benchmarks.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"unknown benchmark '{args[0]}'; known: {string.Join(", ", benchmarks.Select(b => b.Name))}");
    return 2;
}
if (args.Any(IsHelp))
{
    // Help anywhere on the line: the benchmark's usage, and nothing run or written.
    if (chosen.Usage is { } usage)
    {
        Console.WriteLine(usage);
        return 0;
    }
    return chosen.Run(["--help"]);
}
try
{
    return chosen.Run(args[1..]);
}
catch (BenchmarkException e)
{
    Console.Error.WriteLine($"{chosen.Name}: {e.Message}");
    return 1;
}
