using Clln.Core.Statistics;

namespace Clln.Core.Tests.Statistics;

public sealed class SampleSummaryTests
{
    [Fact]
    public void Mean_sample_deviation_and_t_interval_match_a_hand_computation()
    {
        // 0.90, 0.95, 1.00: mean 0.95; squared deviations 0.0025 + 0 + 0.0025 over n - 1 = 2 gives sd 0.05;
        // half-width t(0.975, 2) sd / sqrt 3 = 4.302653 * 0.05 / 1.732051 = 0.124207.
        var summary = SampleSummary.Of([0.90, 0.95, 1.00]);
        Assert.Equal(3, summary.Count);
        Assert.Equal(0.95, summary.Mean, 12);
        Assert.Equal(0.05, summary.StandardDeviation, 12);
        Assert.Equal(0.124207, summary.HalfWidth95, 5);
        Assert.Equal(0.95 - 0.124207, summary.Low95, 5);
    }

    [Fact]
    public void Five_seeds_use_t_with_four_degrees_of_freedom()
    {
        // 1, 2, 3, 4, 5: mean 3, sd sqrt(10 / 4) = 1.581139; half-width 2.776445 * 1.581139 / sqrt 5 = 1.963243.
        var summary = SampleSummary.Of([5, 3, 1, 4, 2]);
        Assert.Equal(3, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(2.5), summary.StandardDeviation, 12);
        Assert.Equal(1.963243, summary.HalfWidth95, 5);
    }

    [Fact]
    public void Missing_values_are_left_out_and_one_value_has_no_spread()
    {
        var summary = SampleSummary.Of([0.8, double.NaN]);
        Assert.Equal(1, summary.Count);
        Assert.Equal(0.8, summary.Mean);
        Assert.True(double.IsNaN(summary.StandardDeviation));
        Assert.True(double.IsNaN(summary.HalfWidth95));
        Assert.Equal(0, SampleSummary.Of([double.NaN]).Count);
    }
}
