using System.CommandLine;
using System.CommandLine.Parsing;
using Clln.Cli.Commands;

namespace Clln.Cli.CommandLine;

/// <summary>
/// Old option names kept for one release after a rename, so that scripts keep working while they
/// are updated: each use is noted on standard error with the name to use instead.
/// </summary>
public static class RenamedOptions
{
    /// <summary>Warns once for every option of <paramref name="parsed"/> written under an old name of <paramref name="renames"/>.</summary>
    public static void WarnOfOldNames(ParseResult parsed, IReadOnlyDictionary<string, string> renames, CliContext context)
    {
        foreach (var option in parsed.CommandResult.Children.OfType<OptionResult>())
            if (option.IdentifierToken?.Value is { } written && renames.TryGetValue(written, out var replacement))
                context.Warn($"option {written} is deprecated and goes in the next release; use {replacement}");
    }

    /// <summary>The name the user wrote for <paramref name="option"/> (an old one, perhaps), or null when not given.</summary>
    public static string? Written(ParseResult parsed, Option option) => parsed.GetResult(option)?.IdentifierToken?.Value;
}
