using Clln.Core.Data;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Training;

namespace Clln.Core.Tests.Training;

public sealed class ReferenceTrainerTests
{
    [Fact]
    public async Task One_step_clamps_outputs_at_the_nudge_and_updates_each_edge_from_its_own_drops()
    {
        // A divider in -> out -> gnd: the output should move from 0.5 V to the 0.8 V target.
        var network = Circuits.Build(["in=1", "out", "gnd"], "a in out 1000", "b out gnd 1000");
        var rule = new ContinuousRule(Alpha: 1e-3, Eta: 0.5, 1e-6, 1);
        var twin = new ReferenceTwinNetwork(network, [network.IndexOf("in")], [network.IndexOf("out")], rule, 0.5, UpdateClock.Global);
        var free = await twin.TrainStepAsync([1.0], [0.8], default);
        Assert.Equal(0.5, free.Outputs[0], 1e-15);

        // Clamped output: 0.5 + 0.5 (0.8 - 0.5) = 0.65 V. Drops: free 0.5 and 0.5; clamped 0.35 and 0.65.
        var k = (await twin.ReadElementsAsync(default)).Select(e => e.LinearConductance!.Value).ToArray();
        Assert.Equal(1e-3 + 1e-3 / 0.5 * (0.25 - 0.35 * 0.35), k[0], 1e-15);
        Assert.Equal(1e-3 + 1e-3 / 0.5 * (0.25 - 0.65 * 0.65), k[1], 1e-15);
        Assert.True(k[0] > k[1], "the output rises when the upper edge conducts more than the lower");
        Assert.Equal(1, twin.Step);
    }

    [Fact]
    public async Task Allostery_drives_the_outputs_to_their_targets()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "allostery", Epochs = 1, Seed = 3, Alpha = 0.05 });
        var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
        var before = await trainer.EvaluateAsync(0, 0, 0, default);
        EpochMetrics after = before;
        for (var epoch = 1; epoch <= 300; epoch++) after = await trainer.RunEpochAsync(epoch, default);
        Assert.True(after.TestLoss < before.TestLoss / 100, $"loss {before.TestLoss} -> {after.TestLoss}");
    }

    [Fact]
    public async Task Linear_regression_error_falls_at_least_a_hundredfold()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "linear-regression", Seed = 2 });
        var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
        var before = await trainer.EvaluateAsync(0, 0, 0, default);
        EpochMetrics after = before;
        for (var epoch = 1; epoch <= 100; epoch++) after = await trainer.RunEpochAsync(epoch, default);
        Assert.True(after.TestLoss < before.TestLoss / 100, $"loss {before.TestLoss} -> {after.TestLoss}");
    }

    [Fact]
    public async Task Iris_on_the_lab_lattice_learns_well_above_chance()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Epochs = 60, Seed = 1 });
        var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
        EpochMetrics row = await trainer.EvaluateAsync(0, 0, 0, default);
        for (var epoch = 1; epoch <= 60; epoch++) row = await trainer.RunEpochAsync(epoch, default);
        Assert.True(row.TestAccuracy > 0.8, $"test accuracy {row.TestAccuracy}");
        Assert.Equal(120, run.Task.Test.Count);
        Assert.Equal(30, run.Task.Train.Count);
    }

    [Fact]
    public async Task Restoring_a_checkpoint_continues_exactly_as_the_undisturbed_run()
    {
        async Task<double[]> Train(int epochs, Func<ITwinNetwork, PreparedRun, int, Task>? between = null)
        {
            var run = ExperimentSetup.Prepare(new Experiment { Clock = "desync", Seed = 9, Rule = "potentiometer" });
            var net = run.CreateReferenceNetwork();
            var trainer = new Trainer(run.Task, net);
            for (var epoch = 1; epoch <= epochs; epoch++)
            {
                await trainer.RunEpochAsync(epoch, default);
                if (between is not null) await between(net, run, epoch);
            }
            return (await net.ReadElementsAsync(default)).Select(e => e.LinearConductance!.Value).ToArray();
        }
        var undisturbed = await Train(6);
        var resumed = await Train(6, async (net, run, epoch) =>
        {
            if (epoch != 3) return;
            // Save, scramble, restore: the run must not notice.
            var saved = (await net.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray();
            var step = net.Step;
            await net.RestoreAsync(saved.Select(_ => run.Rule.FromLearnedValue(0)).ToArray(), 0, null, default);
            await net.RestoreAsync(saved.Select(run.Rule.FromLearnedValue).ToArray(), step, null, default);
        });
        Assert.Equal(undisturbed, resumed);
    }
}
