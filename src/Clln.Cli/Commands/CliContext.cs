using Spectre.Console;

namespace Clln.Cli.Commands;

/// <summary>Where a command writes: results to <see cref="Out"/>, people-facing text and warnings to <see cref="Error"/>.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, CancellationToken Cancellation)
{
    public void Warn(string message) => Error.WriteLine($"clln: warning: {message}");
}
