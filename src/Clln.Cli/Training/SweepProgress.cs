using Clln.Cli.Commands;
using Clln.Core.Experiments;

namespace Clln.Cli.Training;

/// <summary>
/// Runs a sweep's runs, up to a number at once, as a person watching would want to see them: a live
/// bar of finished runs on a terminal; on a log or a pipe, a line per finished run with the time so
/// far and the time left; with --quiet, only the warnings. After Ctrl-C no
/// new run starts; the running ones stop at their next epoch and keep what they finished.
/// </summary>
public static class SweepProgress
{
    /// <param name="run">Runs one experiment, logging warnings through the given writer; returns its last epoch's line when it finished, else null.</param>
    public static async Task RunAsync(IReadOnlyList<Experiment> runs, int concurrency, CliContext context, Func<Experiment, Action<string>, Task<string?>> run)
    {
        var gate = new object();
        var done = 0;
        void Log(string line) { lock (gate) context.Error.WriteLine(line); }
        async Task Each(Experiment experiment, Action<int, string> advance)
        {
            if (context.Cancellation.IsCancellationRequested) return;
            if (await run(experiment, Log) is { } line) advance(Interlocked.Increment(ref done), line);
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency };
        if (context.Interactive && !context.Quiet)
        {
            await ProgressDisplay.Create(ProgressDisplay.On(context.Error)).StartAsync(async progress =>
            {
                var bar = progress.AddTask($"sweep: 0/{runs.Count} runs", maxValue: Math.Max(runs.Count, 1));
                await Parallel.ForEachAsync(runs, options, async (experiment, _) => await Each(experiment, (count, _) =>
                {
                    lock (gate)
                    {
                        bar.Increment(1);
                        bar.Description = $"sweep: {count}/{runs.Count} runs";
                    }
                }));
            });
            return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(runs, options, async (experiment, _) => await Each(experiment, (count, line) =>
        {
            if (!context.Quiet) Log($"clln: run {count}/{runs.Count}: {line}  {ProgressDisplay.Timing(clock.Elapsed, count, runs.Count - count)}");
        }));
    }
}
