using Clln.Core.Analysis;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>The pictures of `clln analyze`: a network's spectra and conductances before and after training.</summary>
public static class AnalysisPlots
{
    static AnalysisPlots() => BundledFont.Use();

    /// <summary>Eigenvalues against their rank, log scale, before (grey) and after (blue) training.</summary>
    public static void Spectrum(string title, string unit, double[] before, double[] after, string path)
    {
        var plot = new Plot();
        foreach (var (values, label, colour) in new[] { (before, "untrained", Colors.Gray), (after, "trained", Colors.Blue) })
        {
            var shown = values.Select((v, i) => (Rank: i + 1.0, Value: v)).Where(p => p.Value > 0).ToArray();
            if (shown.Length == 0) continue;
            var series = plot.Add.Scatter(shown.Select(p => p.Rank).ToArray(), shown.Select(p => Math.Log10(p.Value)).ToArray(), colour);
            series.LegendText = label;
            series.MarkerSize = shown.Length > 100 ? 2 : 5;
            series.LineWidth = 1;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Math.Pow(10, y).ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title(title);
        plot.XLabel("mode, softest first");
        plot.YLabel($"eigenvalue ({unit}, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    /// <summary>Histograms of log10 of the conductances, before and after training.</summary>
    public static void Conductances(double[] before, double[] after, string path)
    {
        var plot = new Plot();
        var all = before.Concat(after).Where(k => k > 0).Select(Math.Log10).ToArray();
        var (low, high) = (Math.Floor(all.Min() * 4) / 4, Math.Ceiling(all.Max() * 4) / 4 + 0.25);
        var edges = Enumerable.Range(0, (int)Math.Round((high - low) / 0.25) + 1).Select(i => low + 0.25 * i).ToArray();
        foreach (var (values, label, colour, offset) in new[] { (before, "untrained", Colors.Gray, 0.0), (after, "trained", Colors.Blue, 0.1) })
        {
            var counts = new double[edges.Length - 1];
            foreach (var k in values.Where(k => k > 0)) counts[Math.Clamp((int)((Math.Log10(k) - low) / 0.25), 0, counts.Length - 1)]++;
            var bars = plot.Add.Bars(edges.Take(counts.Length).Select(e => e + 0.075 + offset).ToArray(), counts);
            bars.Color = colour.WithAlpha(0.7);
            bars.LegendText = label;
            foreach (var bar in bars.Bars) bar.Size = 0.1;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = x => Math.Pow(10, x).ToString("0.#e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title("Edge conductances before and after training");
        plot.XLabel("conductance (S, log scale, bins of a quarter decade)");
        plot.YLabel("edges");
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    private static void Save(Plot plot, string path) => Clln.Core.Formats.AtomicFile.Write(path, temporary => plot.SavePng(temporary, 900, 600));
}
