namespace Clln.Cli.Commands;

/// <summary>A run that failed after it began writing its results (what it finished is kept). The message is one line.</summary>
public sealed class RunFailedException(string message) : Exception(message)
{
    /// <summary>An exception's message as one line for a person: its first line, without .NET's "(Parameter 'name')".</summary>
    public static string OneLine(Exception e) => e.Message.Split('\n')[0].Split(" (Parameter '")[0];
}
