using Clln.Core.Tasks;
using Clln.Core.Training;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>The pictures of the Gen-2 tasks: what the nonlinear regression learns first, and where a classifier draws its boundary.</summary>
public static class Gen2Plots
{
    /// <summary>
    /// The size of the test error's mean, slope and curvature components (volts, log scale)
    /// against epoch: the order in which they fall is the order in which the network learns them.
    /// </summary>
    public static void ErrorComponents(IReadOnlyList<EpochMetrics> rows, string path)
    {
        var plot = new Plot();
        var kept = rows.Where(r => r.ErrorComponents is { Length: 3 }).ToArray();
        var epochs = kept.Select(r => (double)r.Epoch).ToArray();
        (string Label, Color Colour)[] series = [("mean", Colors.Blue), ("slope", Colors.OrangeRed), ("curvature", Colors.Green)];
        for (var c = 0; c < 3; c++)
        {
            var line = plot.Add.Scatter(epochs, kept.Select(r => Math.Log10(Math.Max(Math.Abs(r.ErrorComponents![c]), 1e-12))).ToArray(), series[c].Colour);
            line.LegendText = series[c].Label;
            line.MarkerSize = kept.Length > 60 ? 0 : 4;
            line.LineWidth = 2;
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Math.Pow(10, y).ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title("Test error by component (Legendre fit of output - target)");
        plot.XLabel("epoch");
        plot.YLabel("|error component|, V (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path, 900, 600);
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
