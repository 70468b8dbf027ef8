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
        for (var line = 0; line < lines.Count; line++)
        {
            // Categories: lines side by side around each category, so their error bars do not hide each other.
            var shift = numeric || lines.Count == 1 ? 0 : 0.08 * (line - (lines.Count - 1) / 2.0);
            var own = points.Where(p => sweep.Parameters.Count == 1 || p.Point.Settings[1].Value == lines[line])
                .Where(p => p.Metrics.TryGetValue(metric, out var m) && double.IsFinite(m.Mean))
                .Select(p => (x: Position(x.Values.ToList().IndexOf(p.Point.Settings[0].Value)) + shift, m: p.Metrics[metric]))
                .ToArray();
            if (own.Length == 0) continue;
            var colour = Palette[line % Palette.Length];
            var xs = own.Select(p => p.x).ToArray();
            var ys = own.Select(p => p.m.Mean).ToArray();
            var means = plot.Add.Scatter(xs, ys, colour);
            means.LineWidth = 2;
            means.MarkerSize = 7;
            if (sweep.Parameters.Count == 2) means.LegendText = $"{sweep.Parameters[1].Field} = {lines[line]}";
            var bars = plot.Add.ErrorBar(xs, ys, own.Select(p => double.IsFinite(p.m.HalfWidth95) ? p.m.HalfWidth95 : 0).ToArray());
            bars.Color = colour;
            bars.LineWidth = 1.5f;
        }
        if (!numeric)
        {
            plot.Axes.Bottom.SetTicks(x.Values.Select((_, i) => (double)i).ToArray(), x.Values.Select(v => v ?? "null").ToArray());
            plot.Axes.SetLimitsX(-0.5, x.Values.Count - 0.5);
        }
        var seeds = sweep.Seeds.Count;
        plot.Title($"{metric} against {x.Field}: mean of {seeds} seed{(seeds == 1 ? "" : "s")}, bars 95 % t interval");
        plot.XLabel(x.Field);
        plot.YLabel(metric);
        if (sweep.Parameters.Count == 2) plot.ShowLegend(Alignment.LowerRight);
        Plots.Save(plot, path);
    }
}
