using Clln.Core.Mechanics;
using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>An elastic network drawn in the plane: where its springs sit at equilibrium, coloured and sized by their tension.</summary>
public static class SpringPlots
{
    static SpringPlots() => BundledFont.Use();

    /// <summary>
    /// The network at <paramref name="state"/>: each spring a segment, red when stretched, blue when
    /// compressed, grey when (nearly) unstressed, wider the more it pulls or pushes; the rest
    /// positions faint and dashed beneath; held nodes as squares, free ones as circles.
    /// </summary>
    public static void Equilibrium(SpringNetwork network, SpringEquilibrium state, string path)
    {
        var plot = new Plot();
        var x = state.Positions;
        var tensions = network.Springs.Select(s => s.Stiffness * (state.Length(s) - s.RestLength)).ToArray();
        var largest = tensions.Select(Math.Abs).DefaultIfEmpty(0).Max();
        foreach (var s in network.Springs)
        {
            var rest = plot.Add.Line(network.Nodes[s.A].X, network.Nodes[s.A].Y, network.Nodes[s.B].X, network.Nodes[s.B].Y);
            (rest.LineColor, rest.LineWidth, rest.LinePattern, rest.MarkerSize) = (Colors.Gray.WithAlpha(0.35), 1, LinePattern.Dashed, 0);
        }
        for (var j = 0; j < network.Springs.Count; j++)
        {
            var s = network.Springs[j];
            var share = largest > 0 ? tensions[j] / largest : 0;
            var line = plot.Add.Line(x[2 * s.A], x[2 * s.A + 1], x[2 * s.B], x[2 * s.B + 1]);
            line.LineWidth = (float)(1.5 + 6 * Math.Abs(share));
            line.LineColor = Math.Abs(share) < 1e-6 ? Colors.Gray : share > 0 ? Colors.Red : Colors.Blue;
            line.MarkerSize = 0;
        }
        for (var i = 0; i < network.Nodes.Count; i++)
            plot.Add.Marker(x[2 * i], x[2 * i + 1], network.Nodes[i].Held ? MarkerShape.FilledSquare : MarkerShape.FilledCircle, 10, network.Nodes[i].Held ? Colors.Black : Colors.DimGray);

        var legend = plot.Legend.ManualItems;
        legend.Add(new LegendItem { LabelText = "stretched (tension)", LineColor = Colors.Red, LineWidth = 4 });
        legend.Add(new LegendItem { LabelText = "compressed", LineColor = Colors.Blue, LineWidth = 4 });
        legend.Add(new LegendItem { LabelText = "unstressed", LineColor = Colors.Gray, LineWidth = 2 });
        legend.Add(new LegendItem { LabelText = $"widest: {largest:G3} N", LineColor = Colors.Gray, LineWidth = 7.5f });
        legend.Add(new LegendItem { LabelText = "at rest", LineColor = Colors.Gray.WithAlpha(0.35), LineWidth = 1, LinePattern = LinePattern.Dashed });
        legend.Add(new LegendItem { LabelText = "held node", MarkerShape = MarkerShape.FilledSquare, MarkerFillColor = Colors.Black, MarkerLineColor = Colors.Black, MarkerSize = 10, LineWidth = 0 });
        legend.Add(new LegendItem { LabelText = "free node", MarkerShape = MarkerShape.FilledCircle, MarkerFillColor = Colors.DimGray, MarkerLineColor = Colors.DimGray, MarkerSize = 10, LineWidth = 0 });
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.Title($"Elastic network at equilibrium: {network.Springs.Count} springs, energy {state.Energy:G3} J");
        plot.XLabel("x (m)");
        plot.YLabel("y (m)");
        plot.Axes.SquareUnits();
        plot.Axes.Margins(0.1, 0.1);
        Plots.Save(plot, path, 1000, 800);
    }

    /// <summary>
    /// What training changed: each spring drawn where it rests, red where its learning degree of
    /// freedom grew (stiffer, or longer at rest), blue where it shrank, wider the larger the change
    /// (stiffness: in decades, log10 k_after / k_before; rest length: in metres); held nodes as
    /// squares, the <paramref name="marked"/> nodes (a task's input and output) ringed.
    /// </summary>
    public static void LearnedChange(SpringNetwork before, SpringNetwork after, SpringParameter learned, string title, string path, IReadOnlyCollection<int>? marked = null)
    {
        var plot = new Plot();
        var changes = before.Springs.Zip(after.Springs, (b, a) => learned == SpringParameter.Stiffness
            ? Math.Log10(a.Stiffness / b.Stiffness)
            : a.RestLength - b.RestLength).ToArray();
        var largest = changes.Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (var j = 0; j < before.Springs.Count; j++)
        {
            var s = before.Springs[j];
            var share = largest > 0 ? changes[j] / largest : 0;
            var line = plot.Add.Line(before.Nodes[s.A].X, before.Nodes[s.A].Y, before.Nodes[s.B].X, before.Nodes[s.B].Y);
            line.LineWidth = (float)(1 + 8 * Math.Abs(share));
            line.LineColor = Math.Abs(share) < 1e-3 ? Colors.Gray : share > 0 ? Colors.Red : Colors.Blue;
            line.MarkerSize = 0;
        }
        for (var i = 0; i < before.Nodes.Count; i++)
        {
            var node = before.Nodes[i];
            plot.Add.Marker(node.X, node.Y, node.Held ? MarkerShape.FilledSquare : MarkerShape.FilledCircle, 9, node.Held ? Colors.Black : Colors.DimGray);
            if (marked?.Contains(i) == true) plot.Add.Marker(node.X, node.Y, MarkerShape.OpenCircle, 22, Colors.DarkOrange);
        }
        var unit = learned == SpringParameter.Stiffness ? "decades of stiffness" : "m of rest length";
        var legend = plot.Legend.ManualItems;
        legend.Add(new LegendItem { LabelText = learned == SpringParameter.Stiffness ? "stiffer" : "longer at rest", LineColor = Colors.Red, LineWidth = 5 });
        legend.Add(new LegendItem { LabelText = learned == SpringParameter.Stiffness ? "softer" : "shorter at rest", LineColor = Colors.Blue, LineWidth = 5 });
        legend.Add(new LegendItem { LabelText = "unchanged", LineColor = Colors.Gray, LineWidth = 1 });
        legend.Add(new LegendItem { LabelText = $"widest: {largest:G3} {unit}", LineColor = Colors.Gray, LineWidth = 9 });
        legend.Add(new LegendItem { LabelText = "held node", MarkerShape = MarkerShape.FilledSquare, MarkerFillColor = Colors.Black, MarkerLineColor = Colors.Black, MarkerSize = 9, LineWidth = 0 });
        if (marked is { Count: > 0 })
            legend.Add(new LegendItem { LabelText = "task's nodes", MarkerShape = MarkerShape.OpenCircle, MarkerLineColor = Colors.DarkOrange, MarkerSize = 14, LineWidth = 0 });
        plot.ShowLegend(ScottPlot.Edge.Right);
        plot.Title(title);
        plot.XLabel("x (m)");
        plot.YLabel("y (m)");
        plot.Axes.SquareUnits();
        plot.Axes.Margins(0.1, 0.1);
        Plots.Save(plot, path, 1000, 800);
    }
}
