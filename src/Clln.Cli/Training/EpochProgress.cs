using Clln.Core.Training;
using Spectre.Console;

namespace Clln.Cli.Training;

/// <summary>
/// What a person watching a run sees: a live progress bar with epoch, loss and accuracy on a
/// terminal; on a log or a pipe, one line every tenth of the run.
/// </summary>
public static class EpochProgress
{
    public static async Task RunAsync(int firstEpoch, int lastEpoch, TextWriter error, bool interactive, Func<int, Task<EpochMetrics>> runEpoch)
    {
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var bar = context.AddTask("training", maxValue: lastEpoch - firstEpoch + 1);
                    for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
                    {
                        var row = await runEpoch(epoch);
                        bar.Description = Markup.Escape(Describe(row, lastEpoch));
                        bar.Increment(1);
                    }
                });
            return;
        }
        var every = Math.Max(1, (lastEpoch - firstEpoch + 1) / 10);
        for (var epoch = firstEpoch; epoch <= lastEpoch; epoch++)
        {
            var row = await runEpoch(epoch);
            if ((epoch - firstEpoch + 1) % every == 0 || epoch == lastEpoch) error.WriteLine(Describe(row, lastEpoch));
        }
    }

    public static string Describe(EpochMetrics row, int lastEpoch)
    {
        var accuracy = double.IsNaN(row.TestAccuracy) ? "" : $"  train acc {row.TrainAccuracy:0.000}  test acc {row.TestAccuracy:0.000}";
        return $"epoch {row.Epoch}/{lastEpoch}  train loss {row.TrainLoss:0.000e0}  test loss {row.TestLoss:0.000e0}{accuracy}";
    }
}
