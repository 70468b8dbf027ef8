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
public sealed record LinearBaseline(double TestLoss, double TestAccuracy)
{
    /// <summary>Fits on <paramref name="task"/>'s training samples and scores on its test samples.</summary>
    public static LinearBaseline Of(LearningTask task)
    {
        var train = task.Train;
        var features = train[0].Inputs.Length + 1; // the inputs and a constant
        var classes = task is ClassificationTask c ? c.ClassNames.Length : 0;
        double[] Target(TaskSample s) => classes > 0 ? Enumerable.Range(0, classes).Select(k => k == s.Label ? 1.0 : 0.0).ToArray() : task.TargetFor(s);
        var outputs = Target(train[0]).Length;
        double[] Row(TaskSample s) => [.. s.Inputs, 1.0];

        // Normal equations (X^T X + ridge I) W = X^T Y, solved by Cholesky.
        var gram = new double[features, features];
        var right = new double[features, outputs];
        foreach (var sample in train)
        {
            var x = Row(sample);
            var y = Target(sample);
            for (var i = 0; i < features; i++)
            {
                for (var j = 0; j < features; j++) gram[i, j] += x[i] * x[j];
                for (var o = 0; o < outputs; o++) right[i, o] += x[i] * y[o];
            }
        }
        var trace = Enumerable.Range(0, features).Sum(i => gram[i, i]);
        for (var i = 0; i < features; i++) gram[i, i] += 1e-9 * trace / features;
        var weights = SolveSymmetric(gram, right);

        double loss = 0, correct = 0;
        foreach (var sample in task.Test)
        {
            var x = Row(sample);
            var predicted = Enumerable.Range(0, outputs).Select(o => Enumerable.Range(0, features).Sum(i => x[i] * weights[i, o])).ToArray();
            if (classes == 0) loss += task.Loss(predicted, sample);
            else if (Array.IndexOf(predicted, predicted.Max()) == sample.Label) correct++;
        }
        return classes == 0 ? new LinearBaseline(loss / task.Test.Count, double.NaN) : new LinearBaseline(double.NaN, correct / task.Test.Count);
    }

    /// <summary>A X = B for a symmetric positive definite A (Cholesky, A = L L^T).</summary>
    private static double[,] SolveSymmetric(double[,] a, double[,] b)
    {
        var n = a.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
            {
                var sum = a[i, j];
                for (var k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(Math.Max(sum, double.Epsilon)) : sum / l[j, j];
            }
        var columns = b.GetLength(1);
        var x = new double[n, columns];
        for (var c = 0; c < columns; c++)
        {
            var y = new double[n];
            for (var i = 0; i < n; i++)
            {
                var sum = b[i, c];
                for (var k = 0; k < i; k++) sum -= l[i, k] * y[k];
                y[i] = sum / l[i, i];
            }
            for (var i = n - 1; i >= 0; i--)
            {
                var sum = y[i];
                for (var k = i + 1; k < n; k++) sum -= l[k, i] * x[k, c];
                x[i, c] = sum / l[i, i];
            }
        }
        return x;
    }
}
