using Clln.Cli.Commands;
using Clln.Cli.Output;
using Clln.Cli.Reporting;
using Clln.Core.Experiments;
using Clln.Core.Statistics;

namespace Clln.Cli.Tests;

/// <summary>What the plot functions produce, the decisions behind the sweep plot's axes, and the sweep summary's numbers.</summary>
public sealed class PlotTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-plots-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A whole PNG: the signature, an IHDR of the size asked for, and the IEND chunk at the end.</summary>
    private static (int Width, int Height) AssertPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} missing");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        Assert.Equal("IEND"u8.ToArray(), bytes[^8..^4]);
        static int BigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
        return (BigEndian(bytes, 16), BigEndian(bytes, 20));
    }

    [Fact]
    public void The_bundled_font_ships_next_to_clln_and_is_the_plots_default()
    {
        Assert.True(File.Exists(Path.Combine(BundledFont.Folder, "DejaVuSans.ttf")));
        Assert.True(File.Exists(Path.Combine(BundledFont.Folder, "LICENSE.txt")));
        Assert.True(BundledFont.Use());
        Assert.Equal(BundledFont.Name, ScottPlot.Fonts.Default);
        Assert.Equal(BundledFont.Name, ScottPlot.Fonts.GetTypeface(BundledFont.Name, bold: false, italic: false).FamilyName);
    }

    [Fact]
    public async Task A_run_draws_its_network_loss_and_accuracy_as_valid_pngs_in_the_bundled_font()
    {
        var output = Path.Combine(_directory, "run");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--epochs", "2", "--output", output)).ExitCode);
        Assert.Equal((1100, 800), AssertPng(Path.Combine(output, "network.png")));
        AssertPng(Path.Combine(output, "loss.png"));
        AssertPng(Path.Combine(output, "accuracy.png"));
        Assert.Equal(BundledFont.Name, ScottPlot.Fonts.Default);
    }

    [Fact]
    public void Wrap_around_edges_and_the_width_scale()
    {
        Assert.True(Plots.Wraps((0, 0), (3, 0)));
        Assert.True(Plots.Wraps((1, 0), (1, 3)));
        Assert.False(Plots.Wraps((0, 0), (1, 0)));
        Assert.Equal(10f, Plots.EdgeWidth(2e-3, 2e-3));
        Assert.Equal(5.5f, Plots.EdgeWidth(1e-3, 2e-3));
        Assert.Equal(1f, Plots.EdgeWidth(0, 2e-3));
    }

    [Theory]
    [InlineData("test_accuracy", 0, 1)]
    [InlineData("damage.accuracy_after_recovery", 0, 1)]
    [InlineData("test_loss", 0, double.PositiveInfinity)]
    [InlineData("test_loss_last_10", 0, double.PositiveInfinity)]
    [InlineData("free_power_w", 0, double.PositiveInfinity)]
    [InlineData("messages", double.NegativeInfinity, double.PositiveInfinity)]
    [InlineData("cycle_span", 0, double.PositiveInfinity)]
    [InlineData("tasks.A.log10_test_loss_after_training", double.NegativeInfinity, double.PositiveInfinity)] // decades: negative for losses below 1
    public void Each_metric_has_its_range(string metric, double low, double high) => Assert.Equal((low, high), SweepPlot.RangeOf(metric));

    [Fact]
    public void Intervals_are_clipped_to_the_metrics_range()
    {
        Assert.Equal((0.75, 1.0), SweepPlot.Interval(0.95, 0.2, SweepPlot.RangeOf("test_accuracy")));
        Assert.Equal((0.0, 0.25), SweepPlot.Interval(0.125, 0.125, SweepPlot.RangeOf("test_accuracy")));
        Assert.Equal((0.0, 0.375), SweepPlot.Interval(0.125, 0.25, SweepPlot.RangeOf("train_accuracy")));
        Assert.Equal((0.0, 8e-5), SweepPlot.Interval(3e-5, 5e-5, SweepPlot.RangeOf("test_loss")));
        Assert.Equal((-5.0, 15.0), SweepPlot.Interval(5, 10, SweepPlot.RangeOf("messages")));
        Assert.Equal((0.5, 0.5), SweepPlot.Interval(0.5, double.NaN, SweepPlot.RangeOf("test_accuracy")));
    }

    [Fact]
    public void Losses_go_on_a_log_axis_when_every_mean_is_positive()
    {
        Assert.True(SweepPlot.UsesLogAxis("test_loss", [3e-5, 1e-2]));
        Assert.True(SweepPlot.UsesLogAxis("damage.test_loss_after", [0.5]));
        Assert.False(SweepPlot.UsesLogAxis("test_loss", [0, 1e-2]));
        Assert.False(SweepPlot.UsesLogAxis("test_accuracy", [0.5, 0.9]));
        Assert.False(SweepPlot.UsesLogAxis("test_loss", []));
    }

    private Sweep SweepOf(string field, string?[] values, string metric, int seeds = 3) =>
        new("s.json", null, new Experiment(), [new SweptParameter(field, values)], Enumerable.Range(1, seeds).ToArray(), metric, Path.Combine(_directory, "sweep"));

    private static SweepPointSummary Point(int index, string field, string? value, string metric, params double[] values) =>
        new(new SweepPoint(index, [(field, value)], new Experiment()), values.Length, new Dictionary<string, SampleSummary> { [metric] = SampleSummary.Of(values) });

    [Fact]
    public void Sweep_plots_of_a_categorical_field_an_accuracy_near_its_bounds_and_a_loss_are_valid_pngs()
    {
        var accuracy = SweepOf("clock", ["global", "desync"], "test_accuracy");
        var file = Path.Combine(_directory, "accuracy.png");
        SweepPlot.Metric(accuracy, [Point(0, "clock", "global", "test_accuracy", 1, 1, 0.9), Point(1, "clock", "desync", "test_accuracy", 0, 0.05, 0.4)], "test_accuracy", file);
        Assert.Equal((900, 600), AssertPng(file));

        var loss = SweepOf("eta", ["0.1", "0.5", "1"], "test_loss");
        file = Path.Combine(_directory, "loss.png");
        SweepPlot.Metric(loss, [Point(0, "eta", "0.1", "test_loss", 3e-5, 1e-6, 9e-5), Point(1, "eta", "0.5", "test_loss", 1e-3, 2e-3, 5e-3), Point(2, "eta", "1", "test_loss", 0.2, 0.1, 0.3)], "test_loss", file);
        AssertPng(file);
    }

    [Theory]
    [InlineData(0.93125, "0.931")]
    [InlineData(1.0, "1")]
    [InlineData(12.345, "12.3")]
    [InlineData(0.0012345, "0.00123")]
    [InlineData(3.2e-5, "3.2e-05")]
    [InlineData(3.21987e-5, "3.22e-05")]
    [InlineData(-4.5e-7, "-4.5e-07")]
    [InlineData(1.5e6, "1.5e+06")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "-")]
    public void Summary_numbers_have_significant_digits(double value, string expected) => Assert.Equal(expected, Significant.Format(value));

    [Fact]
    public void The_sweep_summary_line_prints_a_small_loss_with_significant_digits()
    {
        var line = SweepCommand.Describe(Point(0, "eta", "0.1", "test_loss", 3e-5, 3.4e-5, 2.9e-5), "test_loss");
        Assert.StartsWith("eta=0.1: n 3, test_loss 3.1e-05 ± ", line);
        Assert.DoesNotContain("0.0000", line);
    }
}
