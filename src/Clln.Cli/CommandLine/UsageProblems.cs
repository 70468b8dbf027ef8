using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Clln.Cli.CommandLine;

/// <summary>
/// The first thing wrong with a command line, as one line that names the option or argument:
/// an unknown option (with the closest known one), an option given twice, a missing value, a bad
/// value, a missing or extra argument. Null when the line is good. The library takes some of
/// these loosely (`--epochs --verbose` gives --epochs the value "--verbose"); clln refuses them,
/// so that a slip never runs something other than what was meant.
/// </summary>
public static class UsageProblems
{
    /// <param name="args">The command line as given: what the library's tokens no longer show (`--name=value`, the place of `--`).</param>
    public static string? First(ParseResult parsed, IReadOnlyList<string> args)
    {
        var command = parsed.CommandResult.Command;
        var prefix = command is RootCommand ? "" : command.Name + ": ";
        var names = KnownNames(command).ToArray();
        var beforeSeparator = args.TakeWhile(a => a != "--").ToArray(); // after `--` every token is an argument
        var given = parsed.CommandResult.Children.OfType<OptionResult>().ToArray();

        // An option that takes a list (springs --move) is meant to be repeated.
        if (given.FirstOrDefault(o => o.IdentifierTokenCount > 1 && o.Option.Arity.MaximumNumberOfValues <= 1) is { } twice)
            return $"{prefix}option {twice.Option.Name} is given twice";

        // The library splits `--verbose=yes` into a switch and a stray argument.
        var switches = names.Where(n => n.Option.Arity.MaximumNumberOfValues == 0).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        if (beforeSeparator.Select(a => a.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && switches.Contains(p[0])) is { } valued)
            return $"{prefix}option {valued[0]} takes no value";

        var optionNames = names.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        if (given.FirstOrDefault(o => o.Tokens.Any(t => optionNames.Contains(t.Value.Split('=', 2)[0]))) is { } valueless)
            return $"{prefix}option {valueless.Option.Name} needs a value";

        // A token that looks like an option but is none lands in a positional (and leaves its value over): a typo, not a file name.
        foreach (var argument in parsed.CommandResult.Children.OfType<ArgumentResult>())
            if (argument.Tokens.FirstOrDefault(t => LooksLikeOption(t.Value) && beforeSeparator.Contains(t.Value)) is { } stray)
                return UnknownOption(prefix, stray.Value, command, names);

        if (parsed.UnmatchedTokens.FirstOrDefault() is { } unmatched)
            return LooksLikeOption(unmatched) ? UnknownOption(prefix, unmatched, command, names)
                : command is RootCommand ? UnknownCommand(unmatched, command)
                : $"{prefix}unexpected argument '{unmatched}'";

        return parsed.Errors.FirstOrDefault() is { } error ? prefix + Describe(error, parsed.CommandResult) : null;
    }

    /// <summary>The library's own errors in clln's words; bad values come with clln's words already (see <see cref="Options"/>).</summary>
    private static string Describe(ParseError error, CommandResult commandResult) => error.SymbolResult switch
    {
        OptionResult { Tokens.Count: 0 } option when option.Option.Arity.MinimumNumberOfValues > 0 => $"option {option.Option.Name} needs a value",
        ArgumentResult { Tokens.Count: 0, Parent: CommandResult } argument => $"missing {argument.Argument.Name}",
        CommandResult { Command: var c } when c.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && commandResult.GetResult(a) is null) is { } required
            => $"missing {required.Name}",
        _ => error.Message.TrimEnd('.'),
    };

    /// <summary>"-x", "--name": not "-" (standard input) nor a negative number.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string UnknownOption(string prefix, string token, Command command, IEnumerable<(string Name, Option Option)> names)
    {
        var name = token.Split('=', 2)[0];
        // Suggested: the long names the help shows (an old, hidden name is not one to learn now).
        var candidates = names.Where(n => n.Name.StartsWith("--", StringComparison.Ordinal) && !n.Option.Hidden).Select(n => n.Name);
        if (TypoSuggestion.Closest(name, candidates) is { } closest)
            return $"{prefix}unknown option '{name}' (did you mean {closest}?)";
        return name.StartsWith("--", StringComparison.Ordinal)
            ? $"{prefix}unknown option '{name}' (see clln {(command is RootCommand ? "" : command.Name + " ")}--help)"
            : $"{prefix}unknown option '{name}' (options are written --name)";
    }

    /// <summary>Every name an option of <paramref name="command"/> answers to: its own options' and the root's (--help, -h).</summary>
    private static IEnumerable<(string Name, Option Option)> KnownNames(Command command) =>
        command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options).Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name).Select(alias => (alias, o)));

    private static string UnknownCommand(string token, Command root)
    {
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        return TypoSuggestion.Closest(token, names) is { } closest
            ? $"unknown command '{token}' (did you mean {closest}?)"
            : $"unknown command '{token}' (commands: {string.Join(", ", names)}; see clln --help)";
    }
}
