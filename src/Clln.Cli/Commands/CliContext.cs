using Spectre.Console;

namespace Clln.Cli.Commands;

/// <summary>Where a command writes: results to <see cref="Out"/>, people-facing text and warnings to <see cref="Error"/>.</summary>
/// <param name="Interactive">True when a person watches a terminal: live progress bars instead of log lines.</param>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, CancellationToken Cancellation, bool Interactive = false)
{
    public void Warn(string message) => Error.WriteLine($"clln: warning: {message}");
}
