namespace Clln.Cli.CommandLine;

/// <summary>A bad command line: an unknown command or option, a missing or malformed value. One line.</summary>
public sealed class UsageException(string message) : Exception(message);
