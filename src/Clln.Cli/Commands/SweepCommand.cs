using System.CommandLine;
using System.Globalization;
using Clln.Cli.CommandLine;
using Clln.Cli.Reporting;
using Clln.Cli.Training;
using Clln.Core.Experiments;
using Clln.Core.Model;

namespace Clln.Cli.Commands;

/// <summary>
/// `clln sweep FILE`: every point of a sweep with every seed, each a normal training run in its own
/// folder, several at once; then the tables and the plot. Run again with --force, it continues where it stopped.
/// </summary>
public sealed class SweepCommand : ICommand
{
    private readonly Argument<string> _file = new("SWEEP.json")
    {
        Description = "a sweep file: a base experiment (the fields of clln train), one or two swept fields (a list, or a range start/stop/step or count) " +
            "and seeds; see docs/formats.md. To resume, run it again into the same folder with --force: finished runs are kept, stopped ones continue from their checkpoint",
    };

    private readonly Option<int?> _concurrency = Options.Integer("--concurrency", "N", "runs at once (default: the number of cores)", n => n >= 1, "at least 1");
    private readonly Option<string?> _output = Options.Text("--output", "DIR",
        "the sweep's folder (default: the file's output, else a new runs/sweep-NAME-TIMESTAMP, with runs/latest-sweep pointing to it): a folder per point with a run folder per seed (the files of clln train), " +
        "sweep.csv (one row a run), summary.csv (per point: n, and each metric's mean, sd and 95 % t interval half-width) and METRIC.png");
    private readonly Option<string?> _metric = Options.Text("--metric", "FIELD", "the summary.json field to plot (default: the file's metric, else test_accuracy)");
    private readonly Option<bool> _verbose = Options.Verbose();
    private readonly Option<bool> _quiet = Options.Quiet();

    public SweepCommand() => Definition = new Command("sweep",
        "train over one or two swept experiment fields and several seeds; tables and a plot with error bars (again with --force to resume)")
    {
        _file, _concurrency, _output, _metric, Force, _verbose, _quiet,
    };

    public Command Definition { get; }

    /// <summary>--force: continue the sweep in a folder that already holds one (its finished runs are kept).</summary>
    public Option<bool> Force { get; } = Options.Force();

    public async Task<int> RunAsync(ParseResult parsed, CliContext context)
    {
        context = context with { Quiet = parsed.GetValue(_quiet) };
        var concurrency = parsed.GetValue(_concurrency) ?? Environment.ProcessorCount;
        var file = parsed.GetValue(_file)!;
        var sweep = Sweep.ReadFile(file);
        if (parsed.GetValue(_output) is { } output) sweep = sweep with { Output = output, OutputIsDefault = false };
        if (parsed.GetValue(_metric) is { } metric) sweep = sweep with { Metric = metric };
        string? created = null;
        if (sweep.OutputIsDefault)
        {
            // A sweep of its own: runs/sweep-NAME-TIMESTAMP, and runs/latest-sweep points to it.
            created = OutputFolder.CreateTimestamped(Path.GetDirectoryName(sweep.Output) is { Length: > 0 } root ? root : OutputFolder.Root, Path.GetFileName(sweep.Output), DateTime.UtcNow);
            sweep = sweep with { Output = created };
        }
        // A folder named again continues its sweep (finished runs are kept), but only when asked to.
        else OutputFolder.CheckNamed(sweep.Output, parsed.GetValue(Force), "continue the sweep there (its finished runs are kept)");
        try
        {
            return await RunAsync(sweep, file, parsed.GetValue(_verbose), concurrency, created, context);
        }
        finally
        {
            if (created is not null) OutputFolder.RemoveIfEmpty(created);
        }
    }

    private static async Task<int> RunAsync(Sweep sweep, string file, bool verbose, int concurrency, string? created, CliContext context)
    {
        var runs = sweep.Points().SelectMany(point => sweep.Seeds.Select(seed => point.Run(seed, sweep.RunFolder(point, seed)))).ToArray();
        // Every folder's state before any run starts: a folder of another experiment stops the sweep with nothing written.
        var states = runs.Select(SweepFolder.StateOf).ToArray();
        var pending = runs.Where((_, i) => states[i] != SweepRunState.Finished).ToArray();
        var stopped = states.Count(s => s == SweepRunState.Stopped);
        context.Status($"clln: sweep of {runs.Length} runs ({runs.Length / sweep.Seeds.Count} points x {sweep.Seeds.Count} seeds) in {sweep.Output}: " +
            $"{runs.Length - pending.Length} finished earlier, {stopped} to continue, {pending.Length - stopped} to start; {Math.Min(concurrency, Math.Max(pending.Length, 1))} at a time");
        if (created is not null && OutputFolder.PointLatest(Path.Combine(OutputFolder.Root, "latest-sweep"), created) is { } problem) context.Warn(problem);

        var failed = 0;
        await SweepProgress.RunAsync(pending, concurrency, context, async (experiment, log) =>
        {
            var folder = new RunFolder(experiment.Output);
            var checkpoint = SweepFolder.StateOf(experiment) == SweepRunState.Stopped ? folder.ReadCheckpoint() : null;
            var (runOut, runError) = (new StringWriter(), new StringWriter());
            var name = Path.GetRelativePath(sweep.Output, experiment.Output);
            int code;
            try
            {
                code = await TrainCommand.TrainAsync(experiment, folder, checkpoint, verbose, context with { Out = runOut, Error = runError, Interactive = false });
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (Exception e)
            {
                // One run failing (no equilibrium, a fault of its own) must not stop the others: it is reported, and left to redo.
                Interlocked.Increment(ref failed);
                var reason = e is Clln.Actors.RelaxationException ? $"no equilibrium: {e.Message}" : RunFailedException.OneLine(e);
                log($"clln: warning: {name}: failed: {reason}");
                return null;
            }
            foreach (var warning in runError.ToString().Split('\n').Where(l => l.StartsWith("clln: warning: ", StringComparison.Ordinal)))
                log($"clln: warning: {name}: {warning["clln: warning: ".Length..]}");
            return code == ExitCodes.Success ? $"{name}: {runOut.ToString().Trim()}" : null;
        });

        var sweepFolder = new SweepFolder(sweep);
        var finished = sweepFolder.FinishedRuns();
        var points = sweepFolder.WriteTables(finished);
        var names = SweepTables.MetricNames(finished);
        if (finished.Count > 0 && !names.Contains(sweep.Metric))
            throw new BadInputException($"metric {sweep.Metric}: not a number in the runs' summary.json (there: {string.Join(", ", names)})");
        if (finished.Count > 0) SweepPlot.Metric(sweep, points, sweep.Metric, sweepFolder.File(sweep.Metric + ".png"));

        foreach (var point in points)
            context.Out.WriteLine(Describe(point, sweep.Metric));
        var interrupted = context.Cancellation.IsCancellationRequested;
        context.Status($"clln: {(interrupted ? "interrupted" : "finished")}: {finished.Count} of {runs.Length} runs done{(failed > 0 ? $", {failed} failed" : "")}; " +
            $"results in {sweep.Output}{(finished.Count < runs.Length ? $" (to continue: clln sweep {file} --output {sweep.Output} --force)" : "")}");
        return interrupted ? ExitCodes.Interrupted : failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    /// <summary>"clock=desync, rule=potentiometer: n 10, test_accuracy 0.931 ± 0.012 (sd 0.017)"; a loss as 3.2e-05 ± 4.1e-06, to significant digits.</summary>
    internal static string Describe(SweepPointSummary point, string metric)
    {
        static string F(double x) => Output.Significant.Format(x);
        var m = point.Metrics.GetValueOrDefault(metric);
        return $"{point.Point.Describe()}: n {point.Runs}" + (m is null ? "" : $", {metric} {F(m.Mean)} ± {F(m.HalfWidth95)} (sd {F(m.StandardDeviation)})");
    }
}
