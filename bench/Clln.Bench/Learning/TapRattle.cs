using System.Globalization;
using System.Text;
using Clln.Bench.Infrastructure;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Formats;
using Clln.Core.Statistics;
using Clln.Core.Training;
using ScottPlot;

namespace Clln.Bench.Learning;

/// <summary>
/// `rattle`: does a potentiometer network under the global clock rattle around its optimum, as the
/// lab says (every edge steps one whole tap at once, overshoots, and steps back)? Trains linear
/// regression and allostery with potentiometer edges under the global and the desynchronous clock,
/// records every edge's tap after every step, and measures the last 200 steps: how often an edge's
/// move undoes its previous one, how many taps it wanders over, the test loss, and whether the
/// whole network's taps repeat exactly. Writes the section rattle of docs/results.md and the tap
/// traces of one regression seed to docs/images/rattle-*.png.
/// </summary>
public sealed class TapRattle : IBenchmark
{
    private const int WindowSteps = 200;
    private const int TracedEdges = 4;
    private const int TracedEpochs = 3;

    private static readonly Experiment Lab = new() { Rule = "potentiometer", Engine = "reference" };

    public string Name => "rattle";

    public string Description => "taps of a potentiometer network over its last epochs, global against desynchronous clock -> docs/results.md";

    public string? Usage => "usage: Clln.Bench rattle [SEEDS]\n  the taps of a potentiometer network over its last epochs for SEEDS seeds (default 10), global against desynchronous clock; writes docs/results.md";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public int Run(string[] args)
    {
        var seeds = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10;
        var text = new StringBuilder();
        text.AppendLine("## Does the potentiometer network rattle under the global clock?\n");
        text.AppendLine($"Potentiometer edges ({Lab.Taps} log taps, {Lab.TapMinOhms} ohm to {Lab.TapMaxOhms / 1000} kohm, about 7 % a tap), eta {Lab.Eta}, no dead band, on linear regression " +
            "(3 inputs, 2 outputs, 20 training samples an epoch, 100 epochs) and allostery (one sample, one step an epoch, 400 epochs); every edge's tap recorded after every training step. " +
            $"Over the last {WindowSteps} steps: *moves* is the share of edge-steps at which the edge moved; *reversals* the share of moves that undo the edge's previous move " +
            "(0.5 for a random walk, 1 for a pure one-tap-up, one-tap-down rattle); *taps visited* the number of distinct taps an edge sat on; *test loss* its mean over the window's epoch ends, and its lowest there; " +
            $"*exact cycle* how many runs end with the whole network's taps repeating exactly, and the period. Mean over seeds 1..{seeds} ± 95 % t interval.\n");
        text.AppendLine("| task | clock | moves | reversals | taps visited | test loss (V²) | lowest test loss (V²) | exact cycle |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (task, epochs) in new[] { ("linear-regression", 100), ("allostery", 400) })
            foreach (var (label, clock) in new[] { ("global", Lab), ("desync, p = 0.5", Lab with { Clock = "desync", UpdateProbability = 0.5 }) })
            {
                var experiment = clock with { Task = task, Epochs = epochs };
                var traces = Enumerable.Range(1, seeds).Select(s => Trace.Record(experiment with { Seed = s })).ToArray();
                var cycles = traces.Count(t => t.CyclePeriod is not null);
                var periods = traces.Where(t => t.CyclePeriod is not null).Select(t => t.CyclePeriod!.Value).Distinct().Order();
                text.AppendLine($"| {task} | {label} | {Interval(traces.Select(t => t.MoveShare))} | {Interval(traces.Select(t => t.ReversalShare))} | {Interval(traces.Select(t => t.TapsVisited), "0.0")} | " +
                    $"{Interval(traces.Select(t => t.WindowLoss.Average()), "0.00e0")} | {Interval(traces.Select(t => t.WindowLoss.Min()), "0.00e0")} | " +
                    $"{cycles} of {seeds}{(cycles > 0 ? $" (period {string.Join(", ", periods)} steps)" : "")} |");
                Console.WriteLine($"{task}, {label}: reversals {traces.Average(t => t.ReversalShare):0.000}, loss {traces.Average(t => t.WindowLoss.Average()):0.00e0}, cycles {cycles}");
                if (task == "linear-regression") traces[0].Plot(label, Path.Combine(RepositoryRoot.Find(), "docs", "images", $"rattle-{experiment.Clock}.png"));
            }
        text.AppendLine();
        text.AppendLine($"![taps under the global clock](images/rattle-global.png) ![taps under the desynchronous clock](images/rattle-desync.png)\n");
        text.AppendLine($"Traces: linear regression, seed 1, {TracedEdges} edges, the last {TracedEpochs} epochs; each edge's tap minus its mean over them, edges offset by 4 taps. " +
            $"{MachineInfo.Dotnet}; {DateTime.UtcNow:yyyy-MM-dd}. Command: `dotnet run -c Release --project bench/Clln.Bench -- rattle {seeds}`.");
        var path = BenchmarkDocument.WriteSection("rattle", text.ToString(), "results.md");
        Console.WriteLine($"wrote {path}");
        return 0;
    }

    private static string Interval(IEnumerable<double> values, string format = "0.000")
    {
        var s = SampleSummary.Of(values.ToArray());
        return $"{s.Mean.ToString(format, Invariant)} ± {s.HalfWidth95.ToString(format, Invariant)}";
    }

    /// <summary>One run's taps after every training step and its test loss at every epoch's end.</summary>
    private sealed record Trace(int[][] Taps, double[] TestLoss, int StepsPerEpoch)
    {
        public static Trace Record(Experiment experiment)
        {
            var run = ExperimentSetup.Prepare(experiment);
            var network = new Recorder(run.CreateReferenceNetwork());
            var trainer = new Trainer(run.Task, network);
            var losses = new List<double>();
            for (var epoch = 1; epoch <= experiment.Epochs; epoch++) losses.Add(trainer.RunEpochAsync(epoch, default).GetAwaiter().GetResult().TestLoss);
            return new Trace([.. network.Taps], [.. losses], network.Taps.Count / experiment.Epochs);
        }

        private IEnumerable<int[]> Window => Taps.Skip(Taps.Length - WindowSteps - 1);

        public double[] WindowLoss => TestLoss[^(WindowSteps / StepsPerEpoch)..];

        public double MoveShare => Moves().Average(m => m.Count(d => d != 0) / (double)m.Length);

        /// <summary>Of all moves in the window, the share opposite to the same edge's previous move.</summary>
        public double ReversalShare
        {
            get
            {
                var moves = Moves().ToArray();
                int reversals = 0, total = 0;
                for (var j = 0; j < moves[0].Length; j++)
                {
                    var previous = 0;
                    foreach (var d in moves.Select(m => m[j]).Where(d => d != 0))
                    {
                        if (previous != 0) { total++; if (d != previous) reversals++; }
                        previous = d;
                    }
                }
                return total == 0 ? 0 : (double)reversals / total;
            }
        }

        public double TapsVisited
        {
            get
            {
                var window = Window.ToArray();
                return Enumerable.Range(0, window[0].Length).Average(j => window.Select(t => t[j]).Distinct().Count());
            }
        }

        /// <summary>The smallest period p with the whole network's taps at the last step equal to those p steps before, within the window; null when none.</summary>
        public int? CyclePeriod
        {
            get
            {
                var last = Taps[^1];
                for (var p = 1; p <= WindowSteps; p++)
                    if (Taps[^(p + 1)].SequenceEqual(last)) return p;
                return null;
            }
        }

        private IEnumerable<int[]> Moves() => Window.Zip(Window.Skip(1), (a, b) => b.Zip(a, (x, y) => Math.Sign(x - y)).ToArray());

        public void Plot(string label, string path)
        {
            var steps = TracedEpochs * StepsPerEpoch;
            var shown = Taps[^steps..];
            var first = Taps.Length - steps;
            var plot = new Plot();
            for (var j = 0; j < TracedEdges; j++)
            {
                var taps = shown.Select(t => (double)t[j]).ToArray();
                var mean = taps.Average();
                var line = plot.Add.Scatter(Enumerable.Range(first, steps).Select(s => (double)s).ToArray(), taps.Select(t => t - mean + 4 * j).ToArray());
                line.LegendText = $"edge {j}";
                line.MarkerSize = 3;
                line.ConnectStyle = ConnectStyle.StepHorizontal;
            }
            plot.Title($"Potentiometer taps, {label} clock: last {TracedEpochs} epochs");
            plot.XLabel("training step");
            plot.YLabel("tap - its mean (edges offset by 4)");
            AtomicFile.Write(path, temporary => plot.SavePng(temporary, 900, 500));
        }
    }

    /// <summary>The network, recording every edge's tap after each training step.</summary>
    private sealed class Recorder(ITwinNetwork inner) : ITwinNetwork
    {
        public List<int[]> Taps { get; } = [];

        public long Step => inner.Step;

        public long Messages => inner.Messages;

        public long UncertifiedPhases => inner.UncertifiedPhases;

        public double LargestErrorBound => inner.LargestErrorBound;

        public Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) => inner.MeasureAsync(inputs, cancellation);

        public async Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation)
        {
            var free = await inner.TrainStepAsync(inputs, targets, mode, cancellation);
            Taps.Add((await inner.ReadElementsAsync(cancellation)).Select(e => ((Potentiometer)e).Tap).ToArray());
            return free;
        }

        public Task ApplyAccumulatedAsync(CancellationToken cancellation) => inner.ApplyAccumulatedAsync(cancellation);

        public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => inner.ReadElementsAsync(cancellation);

        public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => inner.CheckpointVoltagesAsync(cancellation);

        public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation) => inner.RestoreAsync(elements, step, voltages, cancellation);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
