namespace Clln.Core.Tasks;

/// <summary>
/// The lab's nonlinear regression: one input voltage x in [low, high], one output that should
/// read y = c0 + c1 u + c2 u^2, with u = 2 (x - low)/(high - low) - 1 the input mapped to [-1, 1].
/// Training inputs are drawn from the seed; the test set is an even grid over the whole range.
/// </summary>
/// <remarks>
/// The error e(u) = output - target on the test grid is split into its Legendre components,
/// e = e0 P0 + e1 P1(u) + e2 P2(u) + rest (P0 = 1, P1 = u, P2 = (3u^2 - 1)/2): e0 is the error
/// of the mean, e1 of the slope, e2 of the curvature, each in volts. They are orthogonal on
/// [-1, 1], so each is learned (or not) on its own, and the order in which they fall is the order
/// the network learns them in (the lab saw mean, then slope, then curvature). A network is
/// monotone in its inputs, so the polynomial should be monotone over the range; a passive network
/// of transistors bends its output downward, so a concave one (c2 &lt; 0) is the one it can fit.
/// </remarks>
public sealed class PolynomialRegressionTask : LearningTask
{
    public const string TaskName = "nonlinear-regression";

    /// <summary>The names of <see cref="LearningTask.ErrorComponents"/>, in order.</summary>
    public static readonly string[] ComponentNames = ["error_mean", "error_slope", "error_curvature"];

    private readonly double _low, _high;

    public PolynomialRegressionTask(double[] coefficients, double low, double high, int trainCount, int testCount, int seed)
    {
        if (coefficients.Length != 3) throw new ArgumentException("a degree-2 polynomial has 3 coefficients", nameof(coefficients));
        if (!(high > low)) throw new ArgumentException($"input range must satisfy low < high, not {low} .. {high}", nameof(high));
        if (trainCount < 1 || testCount < 3) throw new ArgumentException("at least 1 training sample and 3 test samples are needed", nameof(testCount));
        Coefficients = coefficients.ToArray();
        (_low, _high) = (low, high);
        var random = new Random(seed);
        Train = Enumerable.Range(0, trainCount).Select(_ => Sample(low + (high - low) * random.NextDouble())).ToArray();
        Test = Enumerable.Range(0, testCount).Select(i => Sample(low + (high - low) * i / (testCount - 1))).ToArray();
    }

    public override string Name => TaskName;

    public override IReadOnlyList<TaskSample> Train { get; }

    public override IReadOnlyList<TaskSample> Test { get; }

    /// <summary>c0, c1, c2 in volts, of the polynomial in the normalised input u.</summary>
    public double[] Coefficients { get; }

    /// <summary>The input mapped to [-1, 1].</summary>
    public double Normalised(double x) => 2 * (x - _low) / (_high - _low) - 1;

    public double Target(double x)
    {
        var u = Normalised(x);
        return Coefficients[0] + Coefficients[1] * u + Coefficients[2] * u * u;
    }

    /// <summary>
    /// The error's Legendre components (e0, e1, e2), volts, by least squares on the samples given:
    /// the projection onto P0, P1, P2, exact for an even grid up to the quadrature's error.
    /// </summary>
    public override double[] ErrorComponents(IReadOnlyList<TaskSample> samples, IReadOnlyList<double[]> outputs)
    {
        // Normal equations of the 3-parameter fit (tiny and well conditioned in the Legendre basis).
        var a = new double[3, 3];
        var b = new double[3];
        for (var s = 0; s < samples.Count; s++)
        {
            var u = Normalised(samples[s].Inputs[0]);
            var basis = new[] { 1.0, u, 1.5 * u * u - 0.5 };
            var error = outputs[s][0] - samples[s].Targets[0];
            for (var i = 0; i < 3; i++)
            {
                b[i] += basis[i] * error;
                for (var j = 0; j < 3; j++) a[i, j] += basis[i] * basis[j];
            }
        }
        return Solve3(a, b);
    }

    private TaskSample Sample(double x) => new([x], [Target(x)]);

    /// <summary>A 3 x 3 solve by Cramer's rule.</summary>
    private static double[] Solve3(double[,] a, double[] b)
    {
        double Det(double[,] m) =>
            m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        var d = Det(a);
        var x = new double[3];
        for (var c = 0; c < 3; c++)
        {
            var m = (double[,])a.Clone();
            for (var r = 0; r < 3; r++) m[r, c] = b[r];
            x[c] = Det(m) / d;
        }
        return x;
    }
}
