using System.Globalization;
using Clln.Core.Experiments;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>
/// A sweep's picture: the chosen metric's mean against the first swept field, with the 95 % t
/// interval of each mean as an error bar; with a second swept field, one line per value of it.
/// Numeric values sit on a numeric axis; others (clock, rule) are categories in the sweep's order.
/// </summary>
public static class SweepPlot
{
    static SweepPlot() => BundledFont.Use();

    private static readonly Color[] Palette = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple, Colors.DarkCyan, Colors.Brown, Colors.Magenta, Colors.Olive];

    public static void Metric(Sweep sweep, IReadOnlyList<SweepPointSummary> points, string metric, string path)
    {
        var plot = new Plot();
        var x = sweep.Parameters[0];
        var numeric = x.Values.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        double Position(int i) => numeric ? double.Parse(x.Values[i]!, CultureInfo.InvariantCulture) : i;
        var lines = sweep.Parameters.Count == 2 ? sweep.Parameters[1].Values : [null];
        var range = RangeOf(metric);
        var means = points.Select(p => p.Metrics.TryGetValue(metric, out var m) ? m.Mean : double.NaN).Where(double.IsFinite).ToArray();
        var log = UsesLogAxis(metric, means);
        // On the log axis an interval reaching zero runs to a tenth of the smallest mean, the plot's floor.
        var floor = log ? means.Min() / 10 : double.NegativeInfinity;
        double Y(double y) => log ? Math.Log10(Math.Max(y, floor)) : y;
        for (var line = 0; line < lines.Count; line++)
        {
            // Categories: lines side by side around each category, so their error bars do not hide each other.
            var shift = numeric || lines.Count == 1 ? 0 : 0.08 * (line - (lines.Count - 1) / 2.0);
            var own = points.Where(p => sweep.Parameters.Count == 1 || p.Point.Settings[1].Value == lines[line])
                .Where(p => p.Metrics.TryGetValue(metric, out var m) && double.IsFinite(m.Mean) && (!log || m.Mean > 0))
                .Select(p => (x: Position(x.Values.ToList().IndexOf(p.Point.Settings[0].Value)) + shift, m: p.Metrics[metric]))
                .ToArray();
            if (own.Length == 0) continue;
            var colour = Palette[line % Palette.Length];
            var xs = own.Select(p => p.x).ToArray();
            var ys = own.Select(p => Y(p.m.Mean)).ToArray();
            var intervals = own.Select(p => Interval(p.m.Mean, p.m.HalfWidth95, range)).ToArray();
            var scatter = plot.Add.Scatter(xs, ys, colour);
            // Points joined by lines only along a numeric field: between categories (global, desync) there is nothing to join.
            scatter.LineWidth = numeric ? 2 : 0;
            scatter.MarkerSize = numeric ? 7 : 9;
            if (sweep.Parameters.Count == 2) scatter.LegendText = $"{sweep.Parameters[1].Field} = {lines[line]}";
            var below = intervals.Select((c, i) => ys[i] - Y(c.Low)).ToArray();
            var above = intervals.Select((c, i) => Y(c.High) - ys[i]).ToArray();
            var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, null, null) { YErrorNegative = below, YErrorPositive = above, Color = colour, LineWidth = 1.5f };
            plot.Add.Plottable(bars);
        }
        if (!numeric)
        {
            plot.Axes.Bottom.SetTicks(x.Values.Select((_, i) => (double)i).ToArray(), x.Values.Select(v => v ?? "null").ToArray());
            plot.Axes.SetLimitsX(-0.5, x.Values.Count - 0.5);
        }
        if (log)
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = y => Output.Significant.Format(Math.Pow(10, y), 2),
                IntegerTicksOnly = true, // whole decades, with minor ticks between them
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            };
        else if (range is { Low: 0, High: 1 })
            plot.Axes.SetLimitsY(-0.02, 1.02);
        var seeds = sweep.Seeds.Count;
        plot.Title($"{metric} against {x.Field}: mean of {seeds} seed{(seeds == 1 ? "" : "s")}, bars 95 % t interval");
        plot.XLabel(x.Field);
        plot.YLabel(log ? $"{metric} (log scale)" : metric);
        if (sweep.Parameters.Count == 2) plot.ShowLegend(Alignment.LowerRight);
        Plots.Save(plot, path);
    }

    /// <summary>
    /// The values a metric can take, for clipping its intervals: a fraction (an accuracy) lies in
    /// [0, 1]; a loss, an error or a power is positive; anything else is unbounded.
    /// </summary>
    public static (double Low, double High) RangeOf(string metric)
    {
        var name = metric[(metric.LastIndexOf('.') + 1)..];
        if (name.StartsWith("log10_", StringComparison.Ordinal)) return (double.NegativeInfinity, double.PositiveInfinity); // decades: any sign
        if (name.Contains("accuracy", StringComparison.Ordinal) || name.Contains("fraction", StringComparison.Ordinal)) return (0, 1);
        if (IsLoss(name) || name.Contains("power", StringComparison.Ordinal) || name.Contains("energy", StringComparison.Ordinal)
            || name.Contains("span", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal)) return (0, double.PositiveInfinity);
        return (double.NegativeInfinity, double.PositiveInfinity);
    }

    /// <summary>A loss (mean squared error) or an error bound: positive, and spanning decades.</summary>
    private static bool IsLoss(string name) => !name.StartsWith("log10_", StringComparison.Ordinal) && name.Contains("loss", StringComparison.Ordinal) || name.EndsWith("_error", StringComparison.Ordinal);

    /// <summary>Losses go on a log axis (they span decades), as long as every mean is positive.</summary>
    public static bool UsesLogAxis(string metric, IReadOnlyCollection<double> means) =>
        IsLoss(metric[(metric.LastIndexOf('.') + 1)..]) && means.Count > 0 && means.All(m => m > 0);

    /// <summary>The interval mean ± half width, clipped to the metric's range (an accuracy's to [0, 1], a loss's at 0); none for an unknown width.</summary>
    public static (double Low, double High) Interval(double mean, double halfWidth, (double Low, double High) range)
    {
        if (!double.IsFinite(halfWidth)) return (mean, mean);
        return (Math.Max(mean - halfWidth, range.Low), Math.Min(mean + halfWidth, range.High));
    }
}
