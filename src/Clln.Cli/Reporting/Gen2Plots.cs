using Clln.Core.Tasks;
using Clln.Core.Training;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>The pictures of the Gen-2 tasks: what the nonlinear regression learns first, and where a classifier draws its boundary.</summary>
public static class Gen2Plots
{
    static Gen2Plots() => BundledFont.Use();

    /// <summary>
    /// The test error's mean, slope and curvature components against epoch, each as a fraction of
    /// where it started (log scale), so the order in which they fall is the order in which the
    /// network learns them whatever their sizes. Several runs (seeds) are drawn as their geometric
    /// mean, epoch by epoch (<see cref="RelativeComponents"/>); a dashed line marks a tenth.
    /// </summary>
    public static void ErrorComponents(IReadOnlyList<IReadOnlyList<EpochMetrics>> runs, string path)
    {
        var plot = new Plot();
        var (epochs, relative) = RelativeComponents(runs);
        (string Label, Color Colour)[] series = [("mean", Colors.Blue), ("slope", Colors.OrangeRed), ("curvature", Colors.Green)];
        for (var c = 0; c < 3; c++)
        {
            var line = plot.Add.Scatter(epochs, relative[c].Select(Math.Log10).ToArray(), series[c].Colour);
            line.LegendText = series[c].Label;
            line.MarkerSize = epochs.Length > 60 ? 0 : 4;
            line.LineWidth = 2;
        }
        var tenth = plot.Add.HorizontalLine(-1, 1, Colors.Gray, LinePattern.Dashed);
        tenth.LegendText = "a tenth of the start";
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Math.Pow(10, y).ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title(runs.Count == 1 ? "Test error by component, relative to its start"
            : $"Test error by component, relative to its start (geometric mean of {runs.Count} seeds)");
        plot.XLabel("epoch");
        plot.YLabel("|error component| / |at epoch 0| (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path, 900, 600);
    }

    /// <summary>
    /// The epochs, and for each component (mean, slope, curvature) its |value| / |value at epoch 0|
    /// epoch by epoch, as the geometric mean over the runs (the runs cut to the shortest).
    /// </summary>
    public static (double[] Epochs, double[][] Relative) RelativeComponents(IReadOnlyList<IReadOnlyList<EpochMetrics>> runs)
    {
        var kept = runs.Select(rows => rows.Where(r => r.ErrorComponents is { Length: 3 }).ToArray()).ToArray();
        var length = kept.Min(rows => rows.Length);
        var epochs = kept[0].Take(length).Select(r => (double)r.Epoch).ToArray();
        var relative = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, length).Select(t => Math.Pow(10, kept.Average(rows =>
            Math.Log10(Math.Max(Math.Abs(rows[t].ErrorComponents![c]), 1e-15) / Math.Max(Math.Abs(rows[0].ErrorComponents![c]), 1e-15))))).ToArray()).ToArray();
        return (epochs, relative);
    }

    /// <summary>
    /// O = O+ - O- over the input plane (red where positive: the first class is predicted; blue
    /// where negative), the boundary O = 0 in black, and the samples: training points filled,
    /// test points hollow, in their true class's colour.
    /// </summary>
    public static void DecisionBoundary(DecisionMap map, ClassificationTask task, string path)
    {
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(map.Values);
        var largest = Math.Max(1e-9, map.Values.Cast<double>().Max(Math.Abs));
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-largest, largest);
        heatmap.FlipVertically = true; // row 0 is the lowest input 2
        var half = map.Step / 2;
        heatmap.Extent = new CoordinateRect(map.Low - half, map.High + half, map.Low - half, map.High + half);
        plot.Add.ColorBar(heatmap).Label = "O+ - O- (V)";

        var boundary = map.Boundary();
        if (boundary.Count > 0)
            plot.Add.Markers(boundary.Select(p => p.X1).ToArray(), boundary.Select(p => p.X2).ToArray(), MarkerShape.FilledCircle, 2, Colors.Black);
        Color[] classColours = [Colors.DarkRed, Colors.Navy]; // as the map: the first class where O > 0
        for (var c = 0; c < task.ClassNames.Length && c < classColours.Length; c++)
        {
            var train = task.Train.Where(s => s.Label == c).ToArray();
            var test = task.Test.Where(s => s.Label == c).ToArray();
            var hollow = plot.Add.Markers(test.Select(s => s.Inputs[0]).ToArray(), test.Select(s => s.Inputs[1]).ToArray(), MarkerShape.OpenCircle, 6, classColours[c]);
            hollow.LegendText = $"{task.ClassNames[c]} (test)";
            var filled = plot.Add.Markers(train.Select(s => s.Inputs[0]).ToArray(), train.Select(s => s.Inputs[1]).ToArray(), MarkerShape.FilledCircle, 9, classColours[c]);
            filled.LegendText = $"{task.ClassNames[c]} (train)";
        }
        plot.Title("Decision boundary O+ - O- = 0");
        plot.XLabel("input 1 (V)");
        plot.YLabel("input 2 (V)");
        plot.Axes.SetLimits(map.Low - half, map.High + half, map.Low - half, map.High + half);
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path, 800, 700);
    }

    private static void Save(Plot plot, string path, int width, int height) =>
        Clln.Core.Formats.AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
}
