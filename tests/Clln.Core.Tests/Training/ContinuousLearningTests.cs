using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Core.Tests.Training;

/// <summary>
/// Learning beyond the quasistatic limit against the quasistatic rule it generalises: from a
/// settled start and with learning slow enough not to move the states within a step, one
/// continuous step is the quasistatic step; the state is the elements and both twins' voltages.
/// </summary>
public sealed class ContinuousLearningTests
{
    private static double[] Conductances(IEnumerable<IEdgeElement> elements) => elements.Select(e => e.LinearConductance!.Value).ToArray();

    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    public async Task From_a_settled_start_with_slow_learning_a_continuous_step_is_the_quasistatic_step(double ratio)
    {
        var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", LearningMode = "continuous", TimescaleRatio = ratio, Alpha = 1e-7 });
        ITwinNetwork continuous = new ContinuousLearningNetwork(run.Twin, ratio);
        var sample = run.Task.Train[0];
        var targets = run.Task.StepTargets(sample, (await continuous.MeasureAsync(sample.Inputs, default)).Outputs)!;
        await continuous.TrainStepAsync(sample.Inputs, targets, default); // settles both twins on this sample
        var start = Conductances(await continuous.ReadElementsAsync(default));
        await continuous.TrainStepAsync(sample.Inputs, targets, default);
        var continuousChange = Conductances(await continuous.ReadElementsAsync(default)).Zip(start, (a, b) => a - b).ToArray();

        ITwinNetwork quasistatic = new ReferenceTwinNetwork(run.Twin);
        await quasistatic.RestoreAsync(start.Select(k => (IEdgeElement)new Resistor(k)).ToArray(), 1, null, default);
        await quasistatic.TrainStepAsync(sample.Inputs, targets, default);
        var quasistaticChange = Conductances(await quasistatic.ReadElementsAsync(default)).Zip(start, (a, b) => a - b).ToArray();

        var scale = Math.Sqrt(quasistaticChange.Sum(d => d * d));
        var error = Math.Sqrt(continuousChange.Zip(quasistaticChange, (c, q) => (c - q) * (c - q)).Sum());
        Assert.True(scale > 0);
        Assert.True(error <= 1e-4 * scale, $"continuous step off by {error / scale:G3} of its size");
    }

    [Fact]
    public async Task A_step_from_the_wiring_state_learns_from_states_that_have_not_settled()
    {
        // A short step (few relaxation times) starts from rest and ends before the twins settle: its
        // update differs from a long step's, and more so the shorter the step.
        async Task<double[]> FirstStep(double ratio)
        {
            var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", LearningMode = "continuous", TimescaleRatio = ratio });
            ITwinNetwork network = new ContinuousLearningNetwork(run.Twin, ratio);
            var start = Conductances(await network.ReadElementsAsync(default));
            var sample = run.Task.Train[0];
            await network.TrainStepAsync(sample.Inputs, run.Task.StepTargets(sample, (await network.MeasureAsync(sample.Inputs, default)).Outputs)!, default);
            return Conductances(await network.ReadElementsAsync(default)).Zip(start, (a, b) => a - b).ToArray();
        }
        double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum());
        var (slow, medium, fast) = (await FirstStep(3), await FirstStep(30), await FirstStep(3000));
        Assert.True(Distance(slow, fast) > Distance(medium, fast), $"{Distance(slow, fast)} against {Distance(medium, fast)}");
    }

    [Fact]
    public async Task Restoring_a_checkpoint_continues_exactly_as_the_uninterrupted_run()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", LearningMode = "continuous", TimescaleRatio = 20 });
        ITwinNetwork whole = new ContinuousLearningNetwork(run.Twin, 20);
        var samples = run.Task.Train.Take(6).ToArray();
        var targets = samples.Select(s => run.Task.TargetFor(s)).ToArray();
        for (var i = 0; i < 3; i++) await whole.TrainStepAsync(samples[i].Inputs, targets[i], default);
        var (elements, step, voltages) = (await whole.ReadElementsAsync(default), whole.Step, await whole.CheckpointVoltagesAsync(default));
        ITwinNetwork resumed = new ContinuousLearningNetwork(run.Twin, 20);
        await resumed.RestoreAsync(elements, step, voltages, default);
        for (var i = 3; i < 6; i++)
        {
            await whole.TrainStepAsync(samples[i].Inputs, targets[i], default);
            await resumed.TrainStepAsync(samples[i].Inputs, targets[i], default);
        }
        Assert.Equal(Conductances(await whole.ReadElementsAsync(default)), Conductances(await resumed.ReadElementsAsync(default)));
    }

    [Theory]
    [InlineData("actors", "equilibrium-propagation", 1, "learning_mode")]
    [InlineData("reference", "potentiometer", 1, "learning_mode")]
    [InlineData("reference", "continuous", 4, "batch_size")]
    public void What_continuous_learning_cannot_do_is_refused_naming_the_field(string engine, string rule, int batch, string field)
    {
        var refused = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Engine = engine, Rule = rule, BatchSize = batch, LearningMode = "continuous" }));
        Assert.StartsWith($"experiment field {field}:", refused.Message);
    }
}
