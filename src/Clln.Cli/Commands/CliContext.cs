using Spectre.Console;

namespace Clln.Cli.Commands;

/// <summary>Where a command writes: results to <see cref="Out"/>, people-facing text and warnings to <see cref="Error"/>.</summary>
/// <param name="Interactive">True when a person watches a terminal: live progress bars instead of log lines.</param>
/// <param name="Quiet">--quiet: no progress and no status lines; warnings and errors still show, results are unchanged.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, CancellationToken Cancellation, bool Interactive = false, bool Quiet = false)
{
    public void Warn(string message) => Error.WriteLine($"clln: warning: {message}");

    /// <summary>A line of news for the person at the terminal ("clln: finished ..."), which --quiet keeps back.</summary>
    public void Status(string line)
    {
        if (!Quiet) Error.WriteLine(line);
    }
}
