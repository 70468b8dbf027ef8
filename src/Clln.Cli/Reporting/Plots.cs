using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Tasks;
using Clln.Core.Topologies;
using Clln.Core.Training;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>The pictures of a run: learning curves, and the network drawn as the lab draws it.</summary>
public static class Plots
{
    static Plots() => BundledFont.Use();

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

    /// <summary>
    /// Every task's test loss (log scale) against epoch while a task list trains them in turn, a
    /// dotted line where the trained task changes (while there are few enough to see): forgetting
    /// shows as one task's curve rising while another is trained.
    /// </summary>
    public static void TaskLosses(IReadOnlyList<EpochMetrics> rows, IReadOnlyList<string> names, string path)
    {
        var plot = new Plot();
        var epochs = rows.Select(r => (double)r.Epoch).ToArray();
        Color[] palette = [Colors.Blue, Colors.OrangeRed, Colors.ForestGreen, Colors.Purple, Colors.DarkOrange, Colors.Teal];
        for (var k = 0; k < names.Count; k++)
            AddLine(plot, epochs, rows.Select(r => r.TaskLosses is { } l && k < l.Length ? Math.Log10(Math.Max(l[k], 1e-30)) : double.NaN).ToArray(),
                $"task {names[k]}", palette[k % palette.Length]);
        var switches = rows.Skip(1).Where((r, i) => r.TrainedTask != rows[i].TrainedTask && rows[i].Epoch > 0).Select(r => r.Epoch - 0.5).ToArray();
        if (switches.Length <= 20)
            foreach (var x in switches)
            {
                var line = plot.Add.VerticalLine(x, 1, Colors.Gray);
                line.LinePattern = LinePattern.Dotted;
            }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = y => Math.Pow(10, y).ToString("0.##e0", System.Globalization.CultureInfo.InvariantCulture) };
        plot.Title("Every task's test loss (V²) as the tasks are trained in turn");
        plot.XLabel(switches.Length is > 0 and <= 20 ? "epoch (dotted: the trained task changes)" : "epoch");
        plot.YLabel("test loss (log scale)");
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
    /// The network on its layout: edge width for conductance (a scale in the legend), colour for
    /// its change over training (blue grew, red shrank, grey unchanged, the shade by how much on a
    /// log scale); nodes coloured by role and named (<paramref name="labels"/>, by node index: the
    /// inputs, and which output is which class). An edge that wraps around a periodic lattice is
    /// drawn dashed, out of each of its ends across the border toward the neighbour on the far side.
    /// </summary>
    public static void Network(Topology topology, Network network, double[] initialConductances, double[] finalConductances, string path,
        IReadOnlyDictionary<int, string>? labels = null)
    {
        var plot = new Plot();
        var maxK = finalConductances.Max();
        var maxChange = initialConductances.Zip(finalConductances, (a, b) => Math.Abs(Math.Log(b / a))).DefaultIfEmpty(0).Max();
        var anyWraps = false;
        for (var j = 0; j < topology.EdgeCount; j++)
        {
            var (a, b) = topology.Pairs[j];
            var (pa, pb) = (topology.Layout[a], topology.Layout[b]);
            var width = EdgeWidth(finalConductances[j], maxK);
            var change = maxChange > 0 ? Math.Log(finalConductances[j] / initialConductances[j]) / maxChange : 0;
            var colour = change >= 0 ? Blend(Colors.Gray, Colors.Blue, change) : Blend(Colors.Gray, Colors.Red, -change);
            if (!Wraps(pa, pb))
            {
                AddSegment(plot, pa, pb, width, colour);
                continue;
            }
            // Out of each end across the border, toward where the neighbour is on an unrolled lattice.
            anyWraps = true;
            var dx = Math.Abs(pa.X - pb.X) > 1.5 ? Math.Sign(pa.X - pb.X) * 0.6 : 0;
            var dy = Math.Abs(pa.Y - pb.Y) > 1.5 ? Math.Sign(pa.Y - pb.Y) * 0.6 : 0;
            AddSegment(plot, pa, (pa.X + dx, pa.Y + dy), width, colour, LinePattern.Dashed);
            AddSegment(plot, pb, (pb.X - dx, pb.Y - dy), width, colour, LinePattern.Dashed);
        }
        var names = topology.NodeNames.ToList();
        for (var i = 0; i < network.NodeCount; i++)
        {
            var node = network.Nodes[i];
            var p = topology.Layout[names.FindIndex(n => n.Equals(node.Name, StringComparison.OrdinalIgnoreCase))];
            plot.Add.Marker(p.X, p.Y, MarkerShape.FilledCircle, 14, RoleColour(node.Role));
            var text = labels?.GetValueOrDefault(i) ?? (node.Role == NodeRole.Free ? null : node.Role.Word());
            if (text is null) continue;
            var label = plot.Add.Text(text, p.X, p.Y + 0.18);
            label.LabelFontSize = 11;
            label.LabelAlignment = Alignment.LowerCenter;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.75);
        }

        // The legend: what the colours say, the width scale, the dashed wrap-around, the roles.
        var legend = plot.Legend.ManualItems;
        legend.Add(new LegendItem { LabelText = "grew in training", LineColor = Colors.Blue, LineWidth = 4 });
        legend.Add(new LegendItem { LabelText = "shrank", LineColor = Colors.Red, LineWidth = 4 });
        legend.Add(new LegendItem { LabelText = "unchanged", LineColor = Colors.Gray, LineWidth = 4 });
        foreach (var fraction in new[] { 1.0, 0.5, 0.1 })
            legend.Add(new LegendItem { LabelText = $"width: conductance {Output.SiUnits.Format(fraction * maxK, "S")}", LineColor = Colors.Gray, LineWidth = EdgeWidth(fraction * maxK, maxK) });
        if (anyWraps) legend.Add(new LegendItem { LabelText = "dashed: wraps to the far side", LineColor = Colors.Gray, LineWidth = 2, LinePattern = LinePattern.Dashed });
        foreach (var role in network.Nodes.Select(n => n.Role).Distinct().OrderBy(r => r))
            legend.Add(new LegendItem { LabelText = $"{role.Word()} node", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = RoleColour(role), MarkerLineColor = RoleColour(role), MarkerSize = 12, LineWidth = 0 });
        plot.ShowLegend(ScottPlot.Edge.Right);

        plot.HideGrid();
        plot.Axes.Frameless();
        plot.Title($"Trained network ({topology.Description})"); // after Frameless, which hides the title too
        plot.Axes.SquareUnits();
        plot.Axes.Margins(0.12, 0.12);
        Save(plot, path, 1100, 800);
    }

    /// <summary>An edge's line width for conductance <paramref name="k"/>: 1 to 10 pixels, in proportion up to the largest.</summary>
    internal static float EdgeWidth(double k, double maxK) => (float)(1 + 9 * Math.Clamp(k / maxK, 0, 1));

    /// <summary>An edge between nodes more than a lattice step and a half apart wraps around a periodic lattice.</summary>
    internal static bool Wraps((double X, double Y) a, (double X, double Y) b) => Math.Abs(a.X - b.X) > 1.5 || Math.Abs(a.Y - b.Y) > 1.5;

    /// <summary>
    /// The names of a run's task nodes for the network picture: the inputs ("input 1"), the
    /// outputs (the class each stands for when there is one output per class, O+ and O- of a
    /// differential classifier, else "output 1"), the ground and the biases.
    /// </summary>
    public static IReadOnlyDictionary<int, string> NodeLabels(PreparedRun run)
    {
        var labels = new Dictionary<int, string>();
        for (var i = 0; i < run.InputNodes.Length; i++) labels[run.InputNodes[i]] = $"input {i + 1}";
        var outputs = run.OutputNodes;
        for (var o = 0; o < outputs.Length; o++)
        {
            labels[outputs[o]] = run.Task switch
            {
                ClassificationTask { Mode: TargetMode.Differential } when outputs.Length == 2 => o == 0 ? "O+" : "O-",
                ClassificationTask c when c.ClassNames.Length == outputs.Length => $"output: {c.ClassNames[o]}",
                _ => $"output {o + 1}",
            };
        }
        return labels;
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

    private static void AddSegment(Plot plot, (double X, double Y) a, (double X, double Y) b, float width, Color colour, LinePattern? pattern = null)
    {
        var line = plot.Add.Line(a.X, a.Y, b.X, b.Y);
        line.LineWidth = width;
        if (pattern is { } dashed) line.LinePattern = dashed;
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
