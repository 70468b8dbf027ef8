using Clln.Core.Statistics;

namespace Clln.Core.Tests.Statistics;

public sealed class StudentTTests
{
    /// <summary>Two-sided 95 % critical values from the printed t table (Fisher and Yates).</summary>
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(4, 2.776)]
    [InlineData(9, 2.262)]
    [InlineData(19, 2.093)]
    [InlineData(29, 2.045)]
    [InlineData(120, 1.980)]
    public void The_975_quantile_matches_the_printed_table(int degreesOfFreedom, double tabled) =>
        Assert.Equal(tabled, StudentT.Quantile(0.975, degreesOfFreedom), 3);

    [Fact]
    public void One_degree_of_freedom_is_the_Cauchy_distribution_and_many_approach_the_normal()
    {
        // Cauchy: F(t) = 1/2 + atan(t)/pi, exactly.
        foreach (var t in new[] { -3.0, -0.5, 0, 0.7, 2, 40 })
            Assert.Equal(0.5 + Math.Atan(t) / Math.PI, StudentT.Cdf(t, 1), 12);
        Assert.Equal(1.959964, StudentT.Quantile(0.975, 1e7), 4);
    }

    [Fact]
    public void The_quantile_inverts_the_distribution_and_is_odd()
    {
        foreach (var df in new[] { 1.0, 3, 7.5, 50 })
        foreach (var p in new[] { 0.6, 0.9, 0.975, 0.999 })
        {
            var t = StudentT.Quantile(p, df);
            Assert.Equal(p, StudentT.Cdf(t, df), 10);
            Assert.Equal(-t, StudentT.Quantile(1 - p, df), 8);
        }
    }
}
