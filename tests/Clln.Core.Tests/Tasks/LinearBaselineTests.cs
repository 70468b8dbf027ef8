using Clln.Core.Experiments;
using Clln.Core.Tasks;

namespace Clln.Core.Tests.Tasks;

/// <summary>The least-squares affine map every result is set beside, against tasks whose best affine map is known.</summary>
public sealed class LinearBaselineTests
{
    [Fact]
    public void A_task_taught_by_a_linear_teacher_network_is_fitted_exactly()
    {
        // Linear regression's targets are a resistor network's outputs: an affine map of the inputs.
        var baseline = LinearBaseline.Of(ExperimentSetup.Prepare(new Experiment { Task = "linear-regression", InputCount = 3, OutputCount = 2 }).Task);
        Assert.True(baseline.TestLoss < 1e-12, $"test loss {baseline.TestLoss}");
        Assert.True(baseline.TrainLoss < 1e-12, $"train loss {baseline.TrainLoss}");
        Assert.True(double.IsNaN(baseline.TrainAccuracy));
        Assert.True(double.IsNaN(baseline.TestAccuracy));
    }

    [Fact]
    public void Targets_that_are_an_affine_map_plus_a_square_leave_the_square_as_the_loss()
    {
        // y = 2 x - 1 + x^2 on x uniform in [-1, 1]: the best line misses the parabola by
        // x^2 - 1/3 (its projection), whose mean square is 4/45.
        var xs = Enumerable.Range(0, 2001).Select(i => -1 + i / 1000.0).ToArray();
        var samples = xs.Select(x => new TaskSample([x], [2 * x - 1 + x * x])).ToArray();
        var task = new RegressionTask("parabola", samples, samples);
        Assert.Equal(4.0 / 45, LinearBaseline.Of(task).TestLoss, 3);
    }

    [Fact]
    public void The_training_scores_come_from_the_samples_it_was_fitted_to()
    {
        // Two classes a volt apart on one input: the least-squares classifier separates its
        // training samples, and a test set with the labels swapped is then wrong on every sample.
        TaskSample Sample(double x, int label) => new([x], [0.0, 0.0], label);
        var train = new[] { Sample(0, 0), Sample(0.1, 0), Sample(0.9, 1), Sample(1, 1) };
        var test = new[] { Sample(0.05, 1), Sample(0.95, 0) };
        var task = new ClassificationTask("swapped", train, test, ["a", "b"], [[0.0, 0.0], [0.0, 0.0]], TargetMode.Fixed, 0);
        var baseline = LinearBaseline.Of(task);
        Assert.Equal(1.0, baseline.TrainAccuracy);
        Assert.Equal(0.0, baseline.TestAccuracy);
        Assert.True(double.IsNaN(baseline.TrainLoss));
    }

    [Fact]
    public void Iris_is_nearly_linearly_separable_on_its_split()
    {
        var baseline = LinearBaseline.Of(ExperimentSetup.Prepare(new Experiment()).Task);
        Assert.InRange(baseline.TestAccuracy, 0.75, 1);
        Assert.True(double.IsNaN(baseline.TestLoss)); // a classifier's outputs are not the task's voltages
    }
}
