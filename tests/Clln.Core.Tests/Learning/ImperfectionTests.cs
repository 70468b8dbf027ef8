using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Training;

namespace Clln.Core.Tests.Learning;

/// <summary>Each imperfection has the effect it names, and none at zero: zero equals the clean run exactly.</summary>
public sealed class ImperfectionTests
{
    private static readonly Experiment Clean = new() { Engine = "reference", Epochs = 1, Seed = 2 };

    private static async Task<(IEdgeElement[] Elements, EpochMetrics Metrics)> OneEpoch(Experiment e)
    {
        var run = ExperimentSetup.Prepare(e);
        await using var network = run.CreateReferenceNetwork();
        var metrics = await new Trainer(run.Task, network).RunEpochAsync(1, default);
        return (await network.ReadElementsAsync(default), metrics);
    }

    [Theory]
    [InlineData("twin_mismatch")]
    [InlineData("comparator_offset")]
    [InlineData("comparator_noise")]
    [InlineData("update_noise")]
    [InlineData("drift")]
    [InlineData("output_noise")]
    public async Task Zero_is_the_clean_run_exactly_and_a_little_changes_what_is_learned(string field)
    {
        var clean = await OneEpoch(Clean);
        var zero = await OneEpoch(ExperimentFields.Set(Clean, field, "0", "test"));
        Assert.Equal(clean.Elements, zero.Elements);
        Assert.Equal(clean.Metrics with { WallMs = 0 }, zero.Metrics with { WallMs = 0 });
        var some = await OneEpoch(ExperimentFields.Set(Clean, field, "0.01", "test"));
        Assert.NotEqual(clean.Elements, some.Elements);
        Assert.Equal(some.Elements, (await OneEpoch(ExperimentFields.Set(Clean, field, "0.01", "test"))).Elements); // from the seed
    }

    [Fact]
    public async Task Twin_mismatch_changes_the_clamped_state_only()
    {
        var clean = ExperimentSetup.Prepare(Clean);
        var mismatched = ExperimentSetup.Prepare(Clean with { TwinMismatch = 0.2 });
        await using var a = clean.CreateReferenceNetwork();
        await using var b = mismatched.CreateReferenceNetwork();
        var sample = clean.Task.Train[0];
        // The free twin is the same hardware: the same free state, to the last bit.
        Assert.Equal((await a.MeasureAsync(sample.Inputs, default)).Outputs, (await b.MeasureAsync(sample.Inputs, default)).Outputs);
        var freeA = await a.TrainStepAsync(sample.Inputs, clean.Task.TargetFor(sample), default);
        var freeB = await b.TrainStepAsync(sample.Inputs, mismatched.Task.TargetFor(sample), default);
        Assert.Equal(freeA.Outputs, freeB.Outputs);
        Assert.Equal(freeA.Power, freeB.Power);
        // The clamped twin differs, so the update does.
        Assert.NotEqual(await a.ReadElementsAsync(default), await b.ReadElementsAsync(default));
    }

    [Fact]
    public void A_comparator_offset_moves_a_potentiometer_where_the_contrast_is_zero()
    {
        var rule = new PotentiometerRule(TapLadder.Lab);
        var element = rule.Initial(1e-3);
        var plain = new EdgeLearning(rule, UpdateClock.Global, Imperfections.None, seed: 1, intactEdges: 4);
        var offset = new EdgeLearning(rule, UpdateClock.Global, new Imperfections(ComparatorOffset: 0.01), seed: 1, intactEdges: 4);
        Assert.Equal(element, plain.Tick(0, 0, element, 0.3, 0.3));
        // Equal drops: the comparators still decide, by their offset's sign, and the edge keeps moving that way.
        var moved = Enumerable.Range(0, 4).Select(j => offset.Tick(j, 0, element, 0.3, 0.3)).ToArray();
        Assert.All(moved, m => Assert.NotEqual(element, m));
        Assert.Equal(moved, Enumerable.Range(0, 4).Select(j => offset.Tick(j, 7, element, 0.3, 0.3)).ToArray()); // fixed, not noise
    }

    [Fact]
    public void Drift_per_epoch_strikes_at_the_last_step_of_each_epoch_only()
    {
        var rule = new ContinuousRule(1e-3, 0.5, 1e-5, 0.1);
        var learning = new EdgeLearning(rule, UpdateClock.Global, new Imperfections(Drift: 0.01, DriftEverySteps: 30), seed: 3, intactEdges: 1);
        var element = rule.Initial(1e-3);
        Assert.Equal(element, learning.Tick(0, 0, element, 0.2, 0.2));
        Assert.Equal(element, learning.Tick(0, 28, element, 0.2, 0.2));
        var drifted = (Resistor)learning.Tick(0, 29, element, 0.2, 0.2);
        Assert.NotEqual(element, drifted);
        Assert.InRange(Math.Abs(drifted.Conductance - 1e-3), 1e-9, 5 * 0.01 * (0.1 - 1e-5)); // within 5 sigma of the range
    }

    [Fact]
    public async Task Output_noise_adds_to_every_reading_and_the_clamp_follows_the_noisy_reading()
    {
        var run = ExperimentSetup.Prepare(Clean);
        var noisy = ExperimentSetup.Prepare(Clean with { OutputNoise = 0.01 });
        await using var a = run.CreateReferenceNetwork();
        await using var b = noisy.CreateReferenceNetwork();
        var sample = run.Task.Test[0];
        var exact = (await a.MeasureAsync(sample.Inputs, default)).Outputs;
        var read = (await b.MeasureAsync(sample.Inputs, default)).Outputs;
        Assert.All(exact.Zip(read), p => Assert.InRange(Math.Abs(p.First - p.Second), 1e-9, 0.05));
        // A second reading of the same state is a fresh draw.
        Assert.NotEqual(read, (await b.MeasureAsync(sample.Inputs, default)).Outputs);
    }
}
