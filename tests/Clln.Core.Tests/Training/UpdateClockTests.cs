using Clln.Core.Training;

namespace Clln.Core.Tests.Training;

public sealed class UpdateClockTests
{
    [Fact]
    public void Global_clock_updates_every_edge_every_step() =>
        Assert.All(Enumerable.Range(0, 100), s => Assert.Equal(1, UpdateClock.Global.Updates(s % 7, s)));

    [Fact]
    public void Bernoulli_clock_updates_a_share_p_of_edge_steps_independently_of_order()
    {
        var clock = UpdateClock.Bernoulli(0.3, seed: 42);
        var hits = 0;
        for (var edge = 0; edge < 100; edge++)
            for (var step = 0; step < 1000; step++) hits += clock.Updates(edge, step);
        Assert.InRange(hits / 100_000.0, 0.29, 0.31); // 0.3 within ~7 standard deviations
        // A pure function of (seed, edge, step): asking in any order gives the same answers.
        Assert.Equal(clock.Updates(5, 17), UpdateClock.Bernoulli(0.3, 42).Updates(5, 17));
        Assert.NotEqual(Enumerable.Range(0, 64).Select(s => clock.Updates(1, s)), Enumerable.Range(0, 64).Select(s => UpdateClock.Bernoulli(0.3, 43).Updates(1, s)));
    }

    [Fact]
    public void Poisson_clock_has_the_asked_mean_and_variance()
    {
        var clock = UpdateClock.Poisson(2.0, seed: 3);
        var counts = Enumerable.Range(0, 50_000).Select(s => (double)clock.Updates(s % 13, s)).ToArray();
        var mean = counts.Average();
        var variance = counts.Select(c => (c - mean) * (c - mean)).Average();
        Assert.InRange(mean, 1.95, 2.05);
        Assert.InRange(variance, 1.9, 2.1);
    }
}
