using Spectre.Console;

namespace Clln.Cli.Training;

/// <summary>
/// The look shared by train's and sweep's progress: on a terminal a bar whose columns fit in 80
/// (the description, a short bar, the share done, the time so far and the time left); on a pipe,
/// lines that end in "elapsed H:MM:SS  eta H:MM:SS".
/// </summary>
public static class ProgressDisplay
{
    /// <summary>Cells the bar takes: short enough that a 45-character description and the times still fit in 80 columns.</summary>
    public const int BarWidth = 12;

    /// <summary>A live display on <paramref name="console"/>; it redraws in place, so it needs a terminal.</summary>
    public static Progress Create(IAnsiConsole console) =>
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = BarWidth }, new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn());

    /// <summary>The command's standard error as a terminal, for the live display (standard output holds the results alone).</summary>
    public static IAnsiConsole On(TextWriter error) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });

    /// <summary>"elapsed 0:01:12  eta 0:10:48": the time so far, and the time left at the pace so far (unknown before the first step).</summary>
    public static string Timing(TimeSpan elapsed, int done, int left)
    {
        var eta = done > 0 ? Clock(elapsed * left / done) : "?";
        return $"elapsed {Clock(elapsed)}  eta {eta}";
    }

    private static string Clock(TimeSpan t) => $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
}
