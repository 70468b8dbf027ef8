using Clln.Core.Model;
using Clln.Core.Topologies;
using Clln.Core.Training;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>The pictures of a run: learning curves, and the network drawn as the lab draws it.</summary>
public static class Plots
{
    /// <summary>Train and test loss (log scale) against epoch.</summary>
    public static void Loss(IReadOnlyList<EpochMetrics> rows, string path)
    {
        var plot = new Plot();
        var epochs = rows.Select(r => (double)r.Epoch).ToArray();
        AddLine(plot, epochs, rows.Select(r => Math.Log10(Math.Max(r.TrainLoss, 1e-30))).ToArray(), "train", Colors.Blue);
        AddLine(plot, epochs, rows.Select(r => Math.Log10(Math.Max(r.TestLoss, 1e-30))).ToArray(), "test", Colors.OrangeRed);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Math.Pow(10, y).ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title("Loss (mean squared error, V²)");
        plot.XLabel("epoch");
        plot.YLabel("loss (log scale)");
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>Train and test accuracy against epoch (classification).</summary>
    public static void Accuracy(IReadOnlyList<EpochMetrics> rows, string path)
    {
        var plot = new Plot();
        var epochs = rows.Select(r => (double)r.Epoch).ToArray();
        AddLine(plot, epochs, rows.Select(r => r.TrainAccuracy).ToArray(), "train", Colors.Blue);
        AddLine(plot, epochs, rows.Select(r => r.TestAccuracy).ToArray(), "test", Colors.OrangeRed);
        plot.Axes.SetLimitsY(0, 1.02);
        plot.Title("Accuracy");
        plot.XLabel("epoch");
        plot.YLabel("fraction correct");
        plot.ShowLegend(Alignment.LowerRight);
        Save(plot, path);
    }

    /// <summary>
    /// The network on its layout: edge thickness for conductance, colour for its change over
    /// training (blue grew, red shrank, grey unchanged); nodes coloured by role.
    /// Edges that wrap around a periodic lattice are drawn as stubs leaving the picture's side.
    /// </summary>
    public static void Network(Topology topology, Network network, double[] initialConductances, double[] finalConductances, string path)
    {
        var plot = new Plot();
        var maxK = finalConductances.Max();
        var maxChange = initialConductances.Zip(finalConductances, (a, b) => Math.Abs(Math.Log(b / a))).DefaultIfEmpty(0).Max();
        for (var j = 0; j < topology.EdgeCount; j++)
        {
            var (a, b) = topology.Pairs[j];
            var (pa, pb) = (topology.Layout[a], topology.Layout[b]);
            var wraps = Math.Abs(pa.X - pb.X) > 1.5 || Math.Abs(pa.Y - pb.Y) > 1.5;
            var width = (float)(1 + 9 * finalConductances[j] / maxK);
            var change = maxChange > 0 ? Math.Log(finalConductances[j] / initialConductances[j]) / maxChange : 0;
            var colour = change >= 0 ? Blend(Colors.Gray, Colors.Blue, change) : Blend(Colors.Gray, Colors.Red, -change);
            if (!wraps)
            {
                AddSegment(plot, pa, pb, width, colour);
                continue;
            }
            // Half an edge out of each end, toward where the neighbour would be on an unrolled lattice.
            var dx = Math.Abs(pa.X - pb.X) > 1.5 ? Math.Sign(pa.X - pb.X) * 0.45 : 0;
            var dy = Math.Abs(pa.Y - pb.Y) > 1.5 ? Math.Sign(pa.Y - pb.Y) * 0.45 : 0;
            AddSegment(plot, pa, (pa.X + dx, pa.Y + dy), width, colour);
            AddSegment(plot, pb, (pb.X - dx, pb.Y - dy), width, colour);
        }
        for (var i = 0; i < network.NodeCount; i++)
        {
            var node = network.Nodes[i];
            var p = topology.Layout[topology.NodeNames.ToList().FindIndex(n => n.Equals(node.Name, StringComparison.OrdinalIgnoreCase))];
            var marker = plot.Add.Marker(p.X, p.Y, MarkerShape.FilledCircle, 14, RoleColour(node.Role));
            if (node.Role != NodeRole.Free)
            {
                var label = plot.Add.Text(node.Role.Word(), p.X, p.Y + 0.18);
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.LowerCenter;
            }
        }
        plot.Title("Trained network: width = conductance, blue grew, red shrank");
        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Axes.SquareUnits();
        plot.Axes.Margins(0.12, 0.12);
        Save(plot, path, 800, 800);
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, string label, Color colour)
    {
        var keep = ys.Select((y, i) => (x: xs[i], y)).Where(p => double.IsFinite(p.y)).ToArray();
        if (keep.Length == 0) return;
        var line = plot.Add.Scatter(keep.Select(p => p.x).ToArray(), keep.Select(p => p.y).ToArray(), colour);
        line.LegendText = label;
        line.MarkerSize = keep.Length > 60 ? 0 : 4;
        line.LineWidth = 2;
    }

    private static void AddSegment(Plot plot, (double X, double Y) a, (double X, double Y) b, float width, Color colour)
    {
        var line = plot.Add.Line(a.X, a.Y, b.X, b.Y);
        line.LineWidth = width;
        line.LineColor = colour;
        line.MarkerSize = 0;
    }

    private static Color Blend(Color from, Color to, double t)
    {
        t = Math.Clamp(t, 0, 1);
        byte Mix(byte x, byte y) => (byte)Math.Round(x + (y - x) * t);
        return new Color(Mix(from.R, to.R), Mix(from.G, to.G), Mix(from.B, to.B));
    }

    private static Color RoleColour(NodeRole role) => role switch
    {
        NodeRole.Input => Colors.Green,
        NodeRole.Output => Colors.DarkOrange,
        NodeRole.Ground => Colors.Black,
        NodeRole.Bias => Colors.Purple,
        _ => Colors.LightGray,
    };

    /// <summary>PNG written atomically: to a temporary file, then renamed.</summary>
    internal static void Save(Plot plot, string path, int width = 900, int height = 600) =>
        Clln.Core.Formats.AtomicFile.Write(path, temporary => plot.SavePng(temporary, width, height));
}
