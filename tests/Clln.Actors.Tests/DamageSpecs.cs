using Clln.Actors.Training;
using Clln.Core.Damage;
using Clln.Core.Experiments;
using Clln.Core.Training;

namespace Clln.Actors.Tests;

/// <summary>
/// The damage and imperfection models on the actors: the same conductances as the reference
/// trainer after every epoch, through the damage striking mid-run, and the asynchrony models.
/// </summary>
public sealed class DamageSpecs : EngineSpec
{
    [Fact]
    public async Task A_damaged_imperfect_run_on_the_actors_gives_the_reference_trainers_conductances_after_every_epoch()
    {
        var experiment = new Experiment
        {
            Seed = 4, Clock = "desync", CutFraction = 0.2, ShortFraction = 0.05, StuckFraction = 0.1, DeadFraction = 0.1, DamageEpoch = 1,
            TwinMismatch = 0.1, ComparatorOffset = 1e-3, ComparatorNoise = 1e-3, UpdateNoise = 0.005, Drift = 0.001, OutputNoise = 1e-3,
            Tolerance = 1e-10,
        };
        var run = ExperimentSetup.Prepare(experiment);
        var (actors, actorDamage) = ActorTwinNetwork.For(run, system: Sys);
        await using var _ = actors;
        var referenceRun = ExperimentSetup.Prepare(experiment); // each trainer moves its own task's targets
        var (reference, referenceDamage) = referenceRun.CreateTwinNetwork(spec => new ReferenceTwinNetwork(spec));
        var actorTrainer = new Trainer(run.Task, actors);
        var referenceTrainer = new Trainer(referenceRun.Task, reference);
        for (var epoch = 1; epoch <= 3; epoch++)
        {
            var a = await actorTrainer.RunEpochAsync(epoch, default);
            var r = await referenceTrainer.RunEpochAsync(epoch, default);
            if (epoch == experiment.DamageEpoch)
            {
                await actorDamage!.StrikeAsync(default);
                await referenceDamage!.StrikeAsync(default);
                Assert.Equal(referenceDamage.Damage!.EdgeOrigin, actorDamage.Damage!.EdgeOrigin);
                a = await actorTrainer.EvaluateAsync(epoch, 0, 0, default);
                r = await referenceTrainer.EvaluateAsync(epoch, 0, 0, default);
            }
            var actorValues = (await actors.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray();
            var referenceValues = (await reference.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray();
            for (var j = 0; j < actorValues.Length; j++)
                Assert.True(Math.Abs(actorValues[j] - referenceValues[j]) <= 1e-7 * Math.Abs(referenceValues[j]),
                    $"epoch {epoch}, edge {j}: actors {actorValues[j]}, reference {referenceValues[j]}");
            Assert.Equal(r.TestAccuracy, a.TestAccuracy);
            Assert.Equal(r.TestLoss, a.TestLoss, 1e-8);
        }
        Assert.True(actorDamage!.Damage!.Network.EdgeCount < run.Network.EdgeCount);
    }

    [Fact]
    public async Task Stragglers_delays_and_losses_slow_the_actors_but_they_learn_the_same_to_the_tolerance()
    {
        var clean = new Experiment { Seed = 2, Tolerance = 1e-9, Epochs = 1 };
        var run = ExperimentSetup.Prepare(clean);
        var slow = ExperimentSetup.Prepare(clean with { LinkDelay = "uniform:0-0.2ms", MessageLoss = 0.01, StragglerFraction = 0.25, StragglerFactor = 5 });
        var options = ExperimentLinks.WithStragglers(ActorTwinNetwork.OptionsFor(slow), slow.Experiment, slow.Network, slow.Network);
        Assert.Equal(4, options.Stragglers!.Count); // a quarter of 16 nodes
        Assert.True(options.HasFaults);
        var (fast, _) = ActorTwinNetwork.For(run, system: Sys);
        var (delayed, _) = ActorTwinNetwork.For(slow, system: Sys);
        await using (fast)
        await using (delayed)
        {
            var sample = run.Task.Train[0];
            for (var step = 0; step < 3; step++)
            {
                await fast.TrainStepAsync(sample.Inputs, run.Task.TargetFor(sample), default);
                await delayed.TrainStepAsync(sample.Inputs, slow.Task.TargetFor(sample), default);
            }
            var a = (await fast.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray();
            var b = (await delayed.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray();
            for (var j = 0; j < a.Length; j++) Assert.Equal(a[j], b[j], 1e-9);
        }
    }
}
