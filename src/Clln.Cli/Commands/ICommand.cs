using System.CommandLine;

namespace Clln.Cli.Commands;

/// <summary>One `clln` subcommand.</summary>
public interface ICommand
{
    /// <summary>Its name, description, arguments and options: what parsing, help and completion know of it.</summary>
    Command Definition { get; }

    /// <summary>Runs with a command line that parsed cleanly into <see cref="Definition"/>; returns the exit code.</summary>
    Task<int> RunAsync(ParseResult parsed, CliContext context);
}
