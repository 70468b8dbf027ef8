using System.Diagnostics;
using Clln.Actors.Training;
using Clln.Core.Experiments;
using Clln.Core.Training;

namespace Clln.Bench.Learning;

/// <summary>One timed training run, as `clln train` does it, for the learning benchmarks.</summary>
/// <param name="Seconds">Wall time of the training epochs (not the untrained evaluation).</param>
/// <param name="Messages">Relaxation messages during those epochs.</param>
/// <param name="Barriers">Times those epochs' phases waited for silence (actors on one process; 0 otherwise).</param>
internal sealed record TrainingRun(EpochMetrics First, EpochMetrics Last, double Seconds, long Messages, long Barriers = 0)
{
    public double EpochMs(int epochs) => 1000 * Seconds / epochs;

    public double MessagesPerSecond => Messages / Seconds;

    /// <summary>The engine the experiment names; actors on <paramref name="system"/> when given.</summary>
    public static ITwinNetwork Engine(PreparedRun run, Akka.Actor.ActorSystem? system = null) =>
        run.Experiment.Engine == "actors" ? ActorTwinNetwork.For(run, system: system).Network : run.CreateReferenceNetwork();

    public static TrainingRun Train(Experiment experiment, Akka.Actor.ActorSystem? system = null) => Train(experiment, run => Engine(run, system));

    /// <summary>A timed run on the network <paramref name="engine"/> builds for the prepared experiment.</summary>
    public static TrainingRun Train(Experiment experiment, Func<PreparedRun, ITwinNetwork> engine)
    {
        var run = ExperimentSetup.Prepare(experiment);
        var network = engine(run);
        try
        {
            var trainer = new Trainer(run.Task, network);
            var first = trainer.EvaluateAsync(0, 0, 0, default).GetAwaiter().GetResult();
            var last = first;
            var before = network.Messages;
            var barriers = (network as ActorTwinNetwork)?.Barriers ?? 0;
            var clock = Stopwatch.StartNew();
            for (var epoch = 1; epoch <= experiment.Epochs; epoch++) last = trainer.RunEpochAsync(epoch, default).GetAwaiter().GetResult();
            return new TrainingRun(first, last, clock.Elapsed.TotalSeconds, network.Messages - before, ((network as ActorTwinNetwork)?.Barriers ?? 0) - barriers);
        }
        finally
        {
            network.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
