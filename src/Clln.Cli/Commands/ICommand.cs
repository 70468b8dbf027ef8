namespace Clln.Cli.Commands;

/// <summary>One `clln` subcommand.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>The full usage text for `clln NAME --help`.</summary>
    string Usage { get; }

    /// <summary>Runs with the arguments after the command name; returns the exit code.</summary>
    Task<int> RunAsync(string[] args, CliContext context);
}
