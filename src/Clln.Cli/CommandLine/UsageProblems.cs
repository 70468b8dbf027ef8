using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Clln.Cli.CommandLine;

/// <summary>
/// The first thing wrong with a command line, as one line that names the option or argument:
/// an unknown option (with the closest known one), an option given twice, a missing value, a bad
/// value, a missing or extra argument. Null when the line is good.
/// </summary>
public static class UsageProblems
{
    /// <param name="args">The command line as given: what the library's tokens no longer show (`--name=value`, the place of `--`).</param>
    public static string? First(ParseResult parsed, IReadOnlyList<string> args)
    {
        var commandResult = parsed.CommandResult;
        var command = commandResult.Command;
        var prefix = command is RootCommand ? "" : command.Name + ": ";

        // The library keeps the last of a repeated option; a repeat is more likely a slip than a wish.
        if (commandResult.Children.OfType<OptionResult>().FirstOrDefault(o => o.IdentifierTokenCount > 1) is { } twice)
            return $"{prefix}option {twice.Option.Name} is given twice";

        // The library splits `--verbose=yes` into a switch and a stray argument.
        var switches = KnownNames(command).Where(k => k.option.Arity.MaximumNumberOfValues == 0).Select(k => k.alias).ToHashSet(StringComparer.Ordinal);
        var options = args.TakeWhile(a => a != "--").ToArray();
        if (options.Select(a => a.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && switches.Contains(p[0])) is { } valued)
            return $"{prefix}option {valued[0]} takes no value";

        // The library reads the token after an option as its value even when it is another option: `--epochs --verbose`.
        var names = KnownNames(command).Select(k => k.alias).ToHashSet(StringComparer.Ordinal);
        if (commandResult.Children.OfType<OptionResult>().FirstOrDefault(o => o.Tokens.Any(t => names.Contains(t.Value.Split('=', 2)[0]))) is { } valueless)
            return $"{prefix}option {valueless.Option.Name} needs a value";

        // A token that looks like an option but is none lands in a positional (and its value
        // is then left over): it is a typo, not a file name.
        // (After `--` every token is an argument, whatever it looks like.)
        foreach (var argument in commandResult.Children.OfType<ArgumentResult>())
            if (argument.Tokens.FirstOrDefault(t => LooksLikeOption(t.Value) && options.Contains(t.Value)) is { } stray)
                return UnknownOption(prefix, stray.Value, command);

        foreach (var token in parsed.UnmatchedTokens)
            return command is RootCommand && !LooksLikeOption(token)
                ? UnknownCommand(token, command)
                : LooksLikeOption(token) ? UnknownOption(prefix, token, command) : $"{prefix}unexpected argument '{token}'";

        foreach (var error in parsed.Errors)
        {
            return error.SymbolResult switch
            {
                OptionResult { Tokens.Count: 0 } option when option.Option.Arity.MinimumNumberOfValues > 0 => $"{prefix}option {option.Option.Name} needs a value",
                ArgumentResult { Tokens.Count: 0 } argument when argument.Parent is CommandResult => $"{prefix}missing {argument.Argument.Name}",
                CommandResult { Command: var c } when c.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0) is { } required
                    && commandResult.GetResult(required) is null => $"{prefix}missing {required.Name}",
                _ => error.Message.StartsWith("option ", StringComparison.Ordinal) ? prefix + error.Message : $"{prefix}{error.Message.TrimEnd('.')}",
            };
        }
        return null;
    }

    /// <summary>"-x", "--name": not "-" (standard input) nor a negative number.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string UnknownOption(string prefix, string token, Command command)
    {
        var name = token.Split('=', 2)[0];
        var known = KnownNames(command).Where(k => k.alias.StartsWith("--", StringComparison.Ordinal) && !k.hidden).ToArray();
        if (TypoSuggestion.Closest(name, known.Select(k => k.alias)) is { } closest)
            return $"{prefix}unknown option '{name}' (did you mean {known.First(k => k.alias == closest).Name}?)";
        return name.StartsWith("--", StringComparison.Ordinal)
            ? $"{prefix}unknown option '{name}' (see clln {(command is RootCommand ? "" : command.Name + " ")}--help)"
            : $"{prefix}unknown option '{name}' (options are written --name)";
    }

    /// <summary>Every name an option of <paramref name="command"/> answers to (its own and the root's --help), with the option's main name.</summary>
    private static IEnumerable<(string alias, string Name, bool hidden, Option option)> KnownNames(Command command) =>
        command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options).Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name).Select(alias => (alias, o.Name, o.Hidden, o)));

    private static string UnknownCommand(string token, Command root)
    {
        var names = root.Subcommands.Select(c => c.Name).ToArray();
        return TypoSuggestion.Closest(token, names) is { } closest
            ? $"unknown command '{token}' (did you mean {closest}?)"
            : $"unknown command '{token}' (commands: {string.Join(", ", names)}; see clln --help)";
    }
}
