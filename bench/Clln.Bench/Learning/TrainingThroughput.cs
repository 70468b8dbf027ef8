using System.Globalization;
using System.Text;
using Akka.Actor;
using Clln.Actors;
using Clln.Actors.Hosting;
using Clln.Bench.Actors;
using Clln.Bench.Infrastructure;
using Clln.Core.Experiments;

namespace Clln.Bench.Learning;

/// <summary>
/// `training`: time per epoch of both engines on the default run (Iris, 4x4 lattice), and the actor
/// engine's message rate while training against the raw Akka.NET ping-pong ceiling, measured in
/// the same process on the same dispatcher. Written to docs/benchmarks.md.
/// </summary>
public sealed class TrainingThroughput : IBenchmark
{
    public string Name => "training";

    public string Description => "time per training epoch of both engines; actor message rate vs the ping-pong ceiling";

    public string? Usage => "usage: Clln.Bench training [EPOCHS]\n  time per training epoch over EPOCHS epochs (default 20) on both engines; writes docs/benchmarks.md";

    public int Run(string[] args)
    {
        var epochs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20;
        var command = $"dotnet run -c Release --project bench/Clln.Bench -- training {epochs}";
        var experiment = new Experiment { Epochs = epochs, Tolerance = 1e-9 };
        var options = new ActorEngineOptions { Tolerance = experiment.Tolerance, Seed = experiment.Seed };
        using var system = ActorSystem.Create("training-bench", PingPong.WithOneMessagePerTurn(EngineConfig.For(options)));

        var ceilings = PingPong.Measure(system);
        var ceiling = ceilings.Best;
        Console.Error.WriteLine($"training: ping-pong ceiling {ceiling:N0} msg/s, one message per turn {ceilings.OneMessagePerTurn:N0}");

        var reference = TrainingRun.Train(experiment with { Engine = "reference" });
        var clocked = TrainingRun.Train(experiment with { Engine = "actors", Schedule = "clocked" }, system);
        var free = TrainingRun.Train(experiment with { Engine = "actors", Schedule = "async" }, system);

        var report = new StringBuilder();
        report.AppendLine("## Training: time per epoch and message rate");
        report.AppendLine();
        report.AppendLine($"The default run (Iris on the 4x4 periodic lattice, continuous rule, global clock, seed 1), {epochs} epochs.");
        report.AppendLine("An epoch is 30 training steps (two relaxation phases and a learning tick each) and 150 measurements (one phase each).");
        report.AppendLine("Actors: tolerance 1e-9 V, on the engine's dispatcher in the same process as the ceiling.");
        report.AppendLine();
        report.AppendLine("| engine | time per epoch | relaxation messages per epoch | messages/s | share of the ping-pong ceiling | share of one message per turn | final test accuracy |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| reference | {reference.EpochMs(epochs):0.00} ms | - | - | - | - | {reference.Last.TestAccuracy:0.000} |"));
        foreach (var (label, run) in new[] { ("actors, clocked", clocked), ("actors, async", free) })
        {
            var rate = run.MessagesPerSecond;
            Console.Error.WriteLine($"training: {label} {run.EpochMs(epochs):0.0} ms/epoch, {rate:N0} msg/s");
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {run.EpochMs(epochs):0.0} ms | {run.Messages / (double)epochs:N0} | {rate:N0} | {rate / ceiling:P0} | {rate / ceilings.OneMessagePerTurn:P0} | {run.Last.TestAccuracy:0.000} |"));
        }
        report.AppendLine();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Ping-pong ceiling: {ceiling:N0} msg/s (best of {ceilings.Runs} runs at 1, 16 and 256 in flight, {ceilings.Pairs} pairs); one message per actor turn: {ceilings.OneMessagePerTurn:N0} msg/s (see the actor engine's section)."));
        report.AppendLine("The clocked schedule pays a barrier per colour step: on 16 nodes a step carries few messages, so its rate is bounded by the barriers, not by Akka.");
        report.AppendLine();
        report.AppendLine($"Machine: {MachineInfo.CpuModel}, {MachineInfo.Cores} cores, {MachineInfo.Memory}; {MachineInfo.Dotnet}; load average {MachineInfo.LoadAverage}. {DateTime.UtcNow:yyyy-MM-dd}. Command: `{command}`.");
        var path = BenchmarkDocument.WriteSection("training", report.ToString());
        Console.WriteLine(report);
        Console.Error.WriteLine($"wrote {path}");
        return 0;
    }
}
