using System.Diagnostics;

namespace Clln.Bench.Infrastructure;

/// <summary>Best and median wall time of repeated runs.</summary>
public sealed record Timing(double Best, double Median, int Runs)
{
    /// <summary>Untimed warm-up: long enough for the JIT to finish optimising what a short action runs.</summary>
    public const double WarmUpSeconds = 2.0;

    /// <summary>
    /// Runs <paramref name="action"/> untimed for <see cref="WarmUpSeconds"/> (at least once), so the
    /// steady state is measured rather than the JIT's first tiers, then at least
    /// <paramref name="minimumRuns"/> times and until <paramref name="budgetSeconds"/> are spent.
    /// </summary>
    public static Timing Measure(Action action, int minimumRuns, double budgetSeconds)
    {
        var warmUp = Stopwatch.StartNew();
        do action();
        while (warmUp.Elapsed.TotalSeconds < WarmUpSeconds);
        var seconds = new List<double>();
        var total = Stopwatch.StartNew();
        while (seconds.Count < minimumRuns || (total.Elapsed.TotalSeconds < budgetSeconds && seconds.Count < 100_000))
        {
            var watch = Stopwatch.StartNew();
            action();
            seconds.Add(watch.Elapsed.TotalSeconds);
        }
        return FromRuns(seconds);
    }

    public static Timing FromRuns(IReadOnlyList<double> seconds)
    {
        var sorted = seconds.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Timing(sorted[0], median, sorted.Length);
    }

    /// <summary>"1.23 ms / 1.40 ms": best / median with a unit that suits.</summary>
    public string BestAndMedian => $"{Format(Best)} / {Format(Median)}";

    public static string Format(double seconds) => seconds switch
    {
        >= 1 => $"{seconds:0.00} s",
        >= 1e-3 => $"{seconds * 1e3:0.00} ms",
        _ => $"{seconds * 1e6:0.0} µs",
    };
}
