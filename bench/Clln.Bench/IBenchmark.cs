namespace Clln.Bench;

/// <summary>One subcommand of the harness.</summary>
public interface IBenchmark
{
    /// <summary>The subcommand name, e.g. "solver".</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs with the arguments after the name; returns the process exit code.</summary>
    int Run(string[] args);
}

/// <summary>A benchmark that cannot run (bad option, missing tool): reported as one line, exit code 1.</summary>
public sealed class BenchmarkException(string message) : Exception(message);
