using System.Diagnostics;
using Clln.Cli.Commands;
using Clln.Core.Training;
using Spectre.Console;

namespace Clln.Cli.Training;

/// <summary>
/// What a person watching a run sees: a live progress bar on a terminal, one line that fits 80
/// columns; on a log or a pipe, one line every tenth of the run with the time so far and the time
/// left; nothing with --quiet.
/// </summary>
public static class EpochProgress
{
    /// <param name="live">The terminal the live bar draws on: the command's standard error unless a test gives its own.</param>
    public static async Task RunAsync(int firstEpoch, int lastEpoch, CliContext context, Func<int, Task<EpochMetrics>> runEpoch, IAnsiConsole? live = null)
    {
        if (context.Quiet)
        {
            for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++) await runEpoch(epoch);
            return;
        }
        if (context.Interactive)
        {
            await ProgressDisplay.Create(live ?? ProgressDisplay.On(context.Error)).StartAsync(async progress =>
            {
                var bar = progress.AddTask($"epoch {firstEpoch - 1}/{lastEpoch}", maxValue: Math.Max(lastEpoch - firstEpoch + 1, 1));
                for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
                {
                    var row = await runEpoch(epoch);
                    bar.Description = Markup.Escape(Brief(row, lastEpoch));
                    bar.Increment(1);
                }
            });
            return;
        }
        var clock = Stopwatch.StartNew();
        var every = Math.Max(1, (lastEpoch - firstEpoch + 1) / 10);
        for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
        {
            var row = await runEpoch(epoch);
            var done = epoch - firstEpoch + 1;
            if (done % every == 0 || epoch == lastEpoch)
                context.Error.WriteLine($"{Describe(row, lastEpoch)}  {ProgressDisplay.Timing(clock.Elapsed, done, lastEpoch - epoch)}");
        }
    }

    /// <summary>The last epoch's line of a finished run (standard output) and of the piped progress.</summary>
    public static string Describe(EpochMetrics row, int lastEpoch)
    {
        var accuracy = double.IsNaN(row.TestAccuracy) ? "" : $"  train acc {row.TrainAccuracy:0.000}  test acc {row.TestAccuracy:0.000}";
        return $"epoch {row.Epoch}/{lastEpoch}  train loss {row.TrainLoss:0.000e0}  test loss {row.TestLoss:0.000e0}{accuracy}";
    }

    /// <summary>The live bar's words: the test numbers only, so that bar, share and times fit beside them in 80 columns.</summary>
    public static string Brief(EpochMetrics row, int lastEpoch) =>
        $"epoch {row.Epoch}/{lastEpoch} loss {row.TestLoss:0.00e0}" + (double.IsNaN(row.TestAccuracy) ? "" : $" acc {row.TestAccuracy:0.000}");
}
