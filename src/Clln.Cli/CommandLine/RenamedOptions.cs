using System.CommandLine;
using System.CommandLine.Parsing;
using Clln.Cli.Commands;

namespace Clln.Cli.CommandLine;

/// <summary>
/// Old option names kept for one release after a rename, so that scripts keep working while they
/// are updated: an old name is an option of its own, hidden from the help (which shows only the
/// name to use), and each use of it is noted on standard error with the name to use instead.
/// </summary>
public static class RenamedOptions
{
    /// <summary>The option under its old name: parsed as before, never offered by help or completion.</summary>
    public static Option<T> Old<T>(Option<T> option)
    {
        option.Hidden = true;
        return option;
    }

    /// <summary>Warns once for every option of <paramref name="parsed"/> written under an old name of <paramref name="renames"/> (old name to what to write instead).</summary>
    public static void WarnOfOldNames(ParseResult parsed, IReadOnlyDictionary<string, string> renames, CliContext context)
    {
        foreach (var option in parsed.CommandResult.Children.OfType<OptionResult>())
            if (option.IdentifierToken?.Value is { } written && renames.TryGetValue(written, out var replacement))
                context.Warn($"option {written} is deprecated and goes in the next release; use {replacement}");
    }

    /// <summary>The value given under the current name or the old one; both at once is one option given twice.</summary>
    public static T? Either<T>(ParseResult parsed, Option<T> current, Option<T> old, string command)
    {
        var (now, before) = (parsed.GetResult(current), parsed.GetResult(old));
        if (now is not null && before is not null)
            throw new UsageException($"{command}: option {current.Name} is given twice ({old.Name} is its old name)");
        return now is not null ? parsed.GetValue(current) : before is not null ? parsed.GetValue(old) : default;
    }

    /// <summary>The name the user wrote for <paramref name="option"/>, or null when not given.</summary>
    public static string? Written(ParseResult parsed, Option option) => parsed.GetResult(option)?.IdentifierToken?.Value;
}
