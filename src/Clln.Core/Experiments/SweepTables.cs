using System.Globalization;
using System.Text;
using Clln.Core.Statistics;

namespace Clln.Core.Experiments;

/// <summary>A point's metrics over its finished seeds.</summary>
public sealed record SweepPointSummary(SweepPoint Point, int Runs, IReadOnlyDictionary<string, SampleSummary> Metrics);

/// <summary>
/// The sweep's tables: sweep.csv, one row a finished run (swept values, seed, folder, metrics), and
/// summary.csv, one row a point (swept values, n, and each metric's mean, standard deviation and
/// the half-width of its 95 % t interval). Numbers in shortest round-trip form; missing ones empty.
/// </summary>
public static class SweepTables
{
    public const string RunsFile = "sweep.csv";

    public const string SummaryFile = "summary.csv";

    /// <summary>The metric names of the runs, in the order they first appear.</summary>
    public static IReadOnlyList<string> MetricNames(IEnumerable<SweepRun> runs) =>
        runs.SelectMany(r => r.Metrics.Select(m => m.Name)).Distinct().ToArray();

    public static IReadOnlyList<SweepPointSummary> Summarize(IReadOnlyList<SweepPoint> points, IReadOnlyList<SweepRun> runs)
    {
        var names = MetricNames(runs);
        return points.Select(point =>
        {
            var own = runs.Where(r => r.Point.Index == point.Index).ToArray();
            return new SweepPointSummary(point, own.Length, names.ToDictionary(name => name,
                name => SampleSummary.Of(own.Select(r => r.Metric(name)))));
        }).ToArray();
    }

    /// <summary>
    /// The metric of <paramref name="point"/> less that of its baseline (the point with the first
    /// swept field at its first value, any second field the same), seed by seed: pairing removes the
    /// spread the seed brings to both (layout, initial conductances), so the interval is of the
    /// difference itself. Null for a baseline point.
    /// </summary>
    public static SampleSummary? PairedDifference(Sweep sweep, IReadOnlyList<SweepRun> runs, SweepPoint point, string metric)
    {
        var first = sweep.Parameters[0].Values[0];
        if (point.Settings[0].Value == first) return null;
        bool IsBaseline(SweepPoint p) => p.Settings[0].Value == first && p.Settings.Skip(1).SequenceEqual(point.Settings.Skip(1));
        var baseline = runs.Where(r => IsBaseline(r.Point)).ToDictionary(r => r.Seed, r => r.Metric(metric));
        return SampleSummary.Of(runs.Where(r => r.Point.Index == point.Index && baseline.ContainsKey(r.Seed)).Select(r => r.Metric(metric) - baseline[r.Seed]));
    }

    public static string RunsCsv(Sweep sweep, IReadOnlyList<SweepRun> runs)
    {
        var names = MetricNames(runs);
        var csv = new StringBuilder();
        Row(csv, [.. sweep.Parameters.Select(p => p.Field), "seed", "folder", .. names]);
        foreach (var run in runs.OrderBy(r => r.Point.Index).ThenBy(r => sweep.Seeds.ToList().IndexOf(r.Seed)))
            Row(csv, [.. run.Point.Settings.Select(s => s.Value ?? ""), Number(run.Seed), run.Folder,
                .. names.Select(name => Number(run.Metric(name)))]);
        return csv.ToString();
    }

    public static string SummaryCsv(Sweep sweep, IReadOnlyList<SweepPointSummary> points)
    {
        var names = points.SelectMany(p => p.Metrics.Keys).Distinct().ToArray();
        var csv = new StringBuilder();
        Row(csv, [.. sweep.Parameters.Select(p => p.Field), "n", .. names.SelectMany(n => new[] { $"{n}_mean", $"{n}_sd", $"{n}_ci95" })]);
        foreach (var point in points)
            Row(csv, [.. point.Point.Settings.Select(s => s.Value ?? ""), Number(point.Runs),
                .. names.SelectMany(n => point.Metrics[n] is var m ? new[] { Number(m.Mean), Number(m.StandardDeviation), Number(m.HalfWidth95) } : [])]);
        return csv.ToString();
    }

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A CSV row; a cell with a comma, quote or line break is quoted (RFC 4180).</summary>
    private static void Row(StringBuilder csv, IEnumerable<string> cells) =>
        csv.Append(string.Join(",", cells.Select(c => c.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{c.Replace("\"", "\"\"")}\"" : c))).Append('\n');
}
