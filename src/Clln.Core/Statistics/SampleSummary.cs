namespace Clln.Core.Statistics;

/// <summary>
/// What a sweep reports of a metric over a point's seeds: the mean, the sample standard deviation
/// (n - 1), and the half-width of the 95 % Student t interval of the mean, t(0.975, n - 1) sd / sqrt(n).
/// With one value the spread is unknown: standard deviation and interval are NaN.
/// </summary>
public sealed record SampleSummary(int Count, double Mean, double StandardDeviation, double HalfWidth95)
{
    public double Low95 => Mean - HalfWidth95;

    public double High95 => Mean + HalfWidth95;

    /// <summary>The summary of the finite values among <paramref name="values"/> (missing metrics are NaN and left out).</summary>
    public static SampleSummary Of(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToArray();
        var n = finite.Length;
        if (n == 0) return new SampleSummary(0, double.NaN, double.NaN, double.NaN);
        var mean = finite.Average();
        if (n == 1) return new SampleSummary(1, mean, double.NaN, double.NaN);
        var sd = Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        return new SampleSummary(n, mean, sd, StudentT.Quantile(0.975, n - 1) * sd / Math.Sqrt(n));
    }
}
