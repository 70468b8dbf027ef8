using Clln.Core.Solving;

namespace Clln.Core.Tasks;

/// <summary>
/// The best affine map of a task's input voltages, by least squares on the training set (with a
/// vanishing ridge, so that collinear inputs still give an answer), scored on the test set. For a
/// regression, a map to the targets, scored with the task's loss; for a classification, the
/// least-squares classifier (a map to one-hot class indicators, the class its largest output),
/// scored by accuracy only, since its outputs are not voltages the task's loss could compare. A
/// resistor network's outputs are an affine map of its inputs too (with positive, constrained
/// coefficients), so this says how far a trained network is from the best its linear physics could
/// hope for on the same split.
/// </summary>
/// <param name="TestLoss">The regression's test loss (V^2); NaN for a classification.</param>
/// <param name="TestAccuracy">The classifier's test accuracy; NaN for a regression.</param>
/// <param name="TrainLoss">The same on the training set it was fitted to: beside a network's own
/// training numbers, it tells a network that fits its data less closely than the linear map from
/// one that fits as closely but generalises worse.</param>
/// <param name="TrainAccuracy">The classifier's accuracy on its training set; NaN for a regression.</param>
public sealed record LinearBaseline(double TestLoss, double TestAccuracy, double TrainLoss, double TrainAccuracy)
{
    /// <summary>Fits on <paramref name="task"/>'s training samples and scores on its test samples, and on the training samples themselves.</summary>
    public static LinearBaseline Of(LearningTask task)
    {
        var train = task.Train;
        var features = train[0].Inputs.Length + 1; // the inputs and a constant
        var classes = task is ClassificationTask c ? c.ClassNames.Length : 0;
        double[] Target(TaskSample s) => classes > 0 ? Enumerable.Range(0, classes).Select(k => k == s.Label ? 1.0 : 0.0).ToArray() : task.TargetFor(s);
        var outputs = Target(train[0]).Length;
        double[] Row(TaskSample s) => [.. s.Inputs, 1.0];

        // Normal equations (X^T X + ridge I) W = X^T Y, solved by the project's dense Cholesky
        // (every entry of the small gram matrix in its pattern).
        var gram = new double[features * features];
        var right = new double[outputs][];
        for (var o = 0; o < outputs; o++) right[o] = new double[features];
        foreach (var sample in train)
        {
            var x = Row(sample);
            var y = Target(sample);
            for (var i = 0; i < features; i++)
            {
                for (var j = 0; j < features; j++) gram[i * features + j] += x[i] * x[j];
                for (var o = 0; o < outputs; o++) right[o][i] += x[i] * y[o];
            }
        }
        var trace = Enumerable.Range(0, features).Sum(i => gram[i * features + i]);
        for (var i = 0; i < features; i++) gram[i * features + i] += 1e-9 * trace / features;
        var rowStart = Enumerable.Range(0, features + 1).Select(i => i * features).ToArray();
        var columns = Enumerable.Range(0, features * features).Select(p => p % features).ToArray();
        var cholesky = new DenseCholesky(features, rowStart, columns);
        cholesky.Factorize(gram);
        var weights = right.Select(b => { var w = new double[features]; cholesky.Solve(b, w); return w; }).ToArray();

        var (testLoss, testAccuracy) = Score(task.Test);
        var (trainLoss, trainAccuracy) = Score(train);
        return new LinearBaseline(testLoss, testAccuracy, trainLoss, trainAccuracy);

        // The task's loss for a regression, the accuracy for a classification; the other NaN.
        (double Loss, double Accuracy) Score(IReadOnlyList<TaskSample> samples)
        {
            double loss = 0, correct = 0;
            foreach (var sample in samples)
            {
                var x = Row(sample);
                var predicted = Enumerable.Range(0, outputs).Select(o => Enumerable.Range(0, features).Sum(i => x[i] * weights[o][i])).ToArray();
                if (classes == 0) loss += task.Loss(predicted, sample);
                else if (Array.IndexOf(predicted, predicted.Max()) == sample.Label) correct++;
            }
            return classes == 0 ? (loss / samples.Count, double.NaN) : (double.NaN, correct / samples.Count);
        }
    }
}
