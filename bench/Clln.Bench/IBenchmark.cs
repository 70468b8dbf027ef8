namespace Clln.Bench;

/// <summary>One subcommand of the harness.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand name, e.g. "solver".</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>
    /// The usage text, printed for `NAME --help` (the option anywhere) without running anything;
    /// null for a benchmark that parses its own options and prints its usage for exactly ["--help"].
    /// </summary>
    string? Usage => null;

    /// <summary>Runs with the arguments after the name; returns the process exit code.</summary>
    int Run(string[] args);
}

/// <summary>A benchmark that cannot run (bad option, missing tool): reported as one line, exit code 1.</summary>
public sealed class BenchmarkException(string message) : Exception(message);
