using Clln.Actors.Training;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Training;

namespace Clln.Actors.Tests;

/// <summary>
/// Coupled learning on the actors: output nodes clamp themselves, edges update themselves, and the
/// result is the reference trainer's, epoch by epoch, to the relaxation tolerance.
/// </summary>
public sealed class LearningSpecs : EngineSpec
{
    private const double Tolerance = 1e-10;

    private ActorTwinNetwork Actors(PreparedRun run, Schedule schedule = Schedule.Clocked, double drop = 0, string? delay = null) =>
        new(run.Network, run.InputNodes, run.OutputNodes, run.Rule, run.Experiment.Eta, run.Clock,
            new ActorEngineOptions
            {
                Schedule = schedule, Tolerance = Tolerance, Seed = run.Experiment.Seed, Drop = drop,
                Delay = delay is null ? null : Faults.DelaySpec.Parse(delay),
            }, Sys);

    private static double[] LearnedValues(PreparedRun run, IEdgeElement[] elements) => elements.Select(run.Rule.LearnedValue).ToArray();

    [Theory]
    [InlineData("continuous", "global")]
    [InlineData("continuous", "desync")]
    [InlineData("potentiometer", "desync")]
    public async Task Actor_training_gives_the_reference_trainers_conductances_after_every_epoch(string rule, string clock)
    {
        var run = ExperimentSetup.Prepare(new Experiment { Rule = rule, Clock = clock, Seed = 3, Engine = "actors" });
        await using var actors = Actors(run);
        var reference = run.CreateReferenceNetwork();
        var actorTrainer = new Trainer(run.Task, actors);
        // The task re-sets its targets from outputs; each trainer needs its own copy of the task.
        var referenceTrainer = new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, reference);
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            var a = await actorTrainer.RunEpochAsync(epoch, default);
            var r = await referenceTrainer.RunEpochAsync(epoch, default);
            var actorValues = LearnedValues(run, await actors.ReadElementsAsync(default));
            var referenceValues = LearnedValues(run, await reference.ReadElementsAsync(default));
            for (var j = 0; j < actorValues.Length; j++)
                Assert.True(Math.Abs(actorValues[j] - referenceValues[j]) <= 1e-8 * Math.Abs(referenceValues[j]),
                    $"epoch {epoch}, edge {j}: actors {actorValues[j]}, reference {referenceValues[j]}");
            Assert.Equal(r.TestAccuracy, a.TestAccuracy);
            Assert.Equal(r.TestLoss, a.TestLoss, 1e-8);
            Assert.True(a.Messages > 0);
        }
        Assert.NotEqual(LearnedValues(run, run.Network.Edges.Select(e => e.Element).ToArray()), LearnedValues(run, await actors.ReadElementsAsync(default)));
    }

    [Theory]
    [InlineData("continuous", "global", 8)]
    [InlineData("potentiometer", "desync", 5)]
    public async Task Mini_batch_training_on_the_actors_gives_the_reference_trainers_conductances(string rule, string clock, int batch)
    {
        // Each edge adds up its contrasts over the batch and updates once from their mean; the
        // epoch's 30 samples end in a short batch.
        var run = ExperimentSetup.Prepare(new Experiment { Rule = rule, Clock = clock, Seed = 5, Engine = "actors", BatchSize = batch });
        await using var actors = Actors(run);
        var reference = run.CreateReferenceNetwork();
        var actorTrainer = new Trainer(run.Task, actors, batchSize: batch);
        var referenceTrainer = new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, reference, batchSize: batch);
        var online = ExperimentSetup.Prepare(run.Experiment with { BatchSize = 1 });
        var onlineReference = online.CreateReferenceNetwork();
        var onlineTrainer = new Trainer(online.Task, onlineReference);
        for (var epoch = 1; epoch <= 2; epoch++)
        {
            await actorTrainer.RunEpochAsync(epoch, default);
            await referenceTrainer.RunEpochAsync(epoch, default);
            await onlineTrainer.RunEpochAsync(epoch, default);
            var actorValues = LearnedValues(run, await actors.ReadElementsAsync(default));
            var referenceValues = LearnedValues(run, await reference.ReadElementsAsync(default));
            for (var j = 0; j < actorValues.Length; j++)
                Assert.True(Math.Abs(actorValues[j] - referenceValues[j]) <= 1e-8 * Math.Abs(referenceValues[j]),
                    $"epoch {epoch}, edge {j}: actors {actorValues[j]}, reference {referenceValues[j]}");
        }
        // Batching is not the online rule under another name.
        Assert.NotEqual(LearnedValues(online, await onlineReference.ReadElementsAsync(default)), LearnedValues(run, await reference.ReadElementsAsync(default)));
    }

    /// <summary>
    /// Variants of the rule on the actors, each against the reference trainer and against plain
    /// coupled learning (so that the variant is not ignored): power-efficient learning,
    /// overclamping (eta above 1), and equilibrium propagation, whose outputs are tied to their
    /// targets through eta siemens instead of clamped (each node adds the tie to its own solve,
    /// and the coordinator certifies the clamped twin with the ties).
    /// </summary>
    [Theory]
    [InlineData("power-efficient", "async")]
    [InlineData("overclamped", "clocked")]
    [InlineData("over-relaxed", "clocked")]
    [InlineData("equilibrium-propagation", "clocked")]
    [InlineData("equilibrium-propagation", "async")]
    public async Task A_variant_of_the_rule_on_the_actors_gives_the_reference_trainers_conductances(string variant, string schedule)
    {
        var experiment = variant switch
        {
            "power-efficient" => new Experiment { Seed = 2, Engine = "actors", PowerWeight = 0.05 },
            "overclamped" => new Experiment { Seed = 2, Engine = "actors", Eta = 2, Alpha = 0.0025 },
            "over-relaxed" => new Experiment { Seed = 2, Engine = "actors", Omega = 1.6 }, // learns as plain coupled learning: only the relaxation differs
            _ => new Experiment { Seed = 2, Engine = "actors", Rule = "equilibrium-propagation", Eta = 0.01 },
        };
        var run = ExperimentSetup.Prepare(experiment);
        await using var actors = new ActorTwinNetwork(run.Twin, ExperimentLinks.Options(run.Experiment) with { Schedule = Enum.Parse<Schedule>(schedule, ignoreCase: true), Tolerance = Tolerance }, Sys);
        var reference = run.CreateReferenceNetwork();
        await new Trainer(run.Task, actors).RunEpochAsync(1, default);
        await new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, reference).RunEpochAsync(1, default);
        var actorValues = LearnedValues(run, await actors.ReadElementsAsync(default));
        var referenceValues = LearnedValues(run, await reference.ReadElementsAsync(default));
        // An update is alpha/eta times a difference of squared drops, each drop within the tolerance of the
        // reference's: equilibrium propagation's alpha/eta is 1, fifty times the clamp's 0.02, and so is its error.
        var relative = 1e-8 * Math.Max(1, experiment.Alpha / experiment.Eta / 0.02);
        for (var j = 0; j < actorValues.Length; j++)
            Assert.True(Math.Abs(actorValues[j] - referenceValues[j]) <= relative * Math.Abs(referenceValues[j]), $"edge {j}: actors {actorValues[j]}, reference {referenceValues[j]}");
        if (variant == "over-relaxed")
        {
            Assert.Equal(1.6, actors.Engine.Options.Omega);
            return;
        }
        var plain = ExperimentSetup.Prepare(new Experiment { Seed = 2, Engine = "reference" });
        var plainReference = plain.CreateReferenceNetwork();
        await new Trainer(plain.Task, plainReference).RunEpochAsync(1, default);
        Assert.NotEqual(LearnedValues(plain, await plainReference.ReadElementsAsync(default)), referenceValues);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    public async Task Clocked_training_over_lossy_delayed_links_learns_exactly_what_clean_links_learn(double drop)
    {
        var run = ExperimentSetup.Prepare(new Experiment { Seed = 4, Engine = "actors" });
        await using var clean = Actors(run);
        await using var lossy = Actors(run, drop: drop, delay: "exp:20us");
        var cleanTrainer = new Trainer(run.Task, clean);
        var lossyTrainer = new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, lossy);
        await cleanTrainer.RunEpochAsync(1, default);
        await lossyTrainer.RunEpochAsync(1, default);
        Assert.Equal(LearnedValues(run, await clean.ReadElementsAsync(default)), LearnedValues(run, await lossy.ReadElementsAsync(default))); // bit for bit
        Assert.True(lossy.Engine.Board.Quiescence.Dropped > 0);
    }

    [Fact]
    public async Task Free_running_training_over_lossy_reordering_links_learns_the_reference_trainers_conductances()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Seed = 5, Engine = "actors" });
        await using var actors = new ActorTwinNetwork(run.Network, run.InputNodes, run.OutputNodes, run.Rule, run.Experiment.Eta, run.Clock,
            new ActorEngineOptions { Schedule = Schedule.Async, Tolerance = Tolerance, Seed = 5, Drop = 0.1, Delay = Faults.DelaySpec.Parse("uniform:0-50us"), Reorder = true }, Sys);
        await using var reference = run.CreateReferenceNetwork();
        await new Trainer(run.Task, actors).RunEpochAsync(1, default);
        await new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, reference).RunEpochAsync(1, default);
        var actorValues = LearnedValues(run, await actors.ReadElementsAsync(default));
        var referenceValues = LearnedValues(run, await reference.ReadElementsAsync(default));
        for (var j = 0; j < actorValues.Length; j++)
            Assert.True(Math.Abs(actorValues[j] - referenceValues[j]) <= 1e-8 * Math.Abs(referenceValues[j]),
                $"edge {j}: actors {actorValues[j]}, reference {referenceValues[j]}");
        Assert.True(actors.Engine.Board.Quiescence.Dropped > 0);
    }

    [Fact]
    public async Task An_output_clamps_itself_at_the_nudge_from_its_own_free_voltage()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "allostery", Seed = 2, Eta = 0.25 });
        await using var actors = Actors(run);
        var sample = run.Task.Train[0];
        var free = await actors.MeasureAsync(sample.Inputs, default);
        var targets = sample.Targets;
        var perNode = Enumerable.Repeat(double.NaN, run.Network.NodeCount).ToArray();
        for (var o = 0; o < run.OutputNodes.Length; o++) perNode[run.OutputNodes[o]] = targets[o];
        var held = run.Network.HeldVoltages();
        for (var i = 0; i < run.InputNodes.Length; i++) held[run.InputNodes[i]] = sample.Inputs[i];
        var settled = await actors.Engine.RelaxAsync(new PhaseSpec(held, held, Targets: perNode, Eta: 0.25));
        for (var o = 0; o < run.OutputNodes.Length; o++)
        {
            var expected = free.Outputs[o] + 0.25 * (targets[o] - free.Outputs[o]);
            Assert.Equal(expected, settled.Clamped.Voltages[run.OutputNodes[o]], 1e-9);
            Assert.Equal(free.Outputs[o], settled.Free.Voltages[run.OutputNodes[o]], 1e-9);
        }
        // The clamped twin is the reference equilibrium with the outputs held at their clamps.
        var clampedHeld = held.ToArray();
        foreach (var o in run.OutputNodes) clampedHeld[o] = settled.Clamped.Voltages[o];
        AssertMatchesReference(run.Network, settled.Clamped, 1e-9, clampedHeld);
    }

    [Fact]
    public async Task Asynchronous_relaxation_also_learns_allostery()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "allostery", Seed = 5, Alpha = 0.05 });
        await using var actors = Actors(run, Schedule.Async);
        var trainer = new Trainer(run.Task, actors);
        var before = await trainer.EvaluateAsync(0, 0, 0, default);
        var after = before;
        for (var epoch = 1; epoch <= 100; epoch++) after = await trainer.RunEpochAsync(epoch, default);
        Assert.True(after.TestLoss < before.TestLoss / 100, $"loss {before.TestLoss} -> {after.TestLoss}");
    }
}
