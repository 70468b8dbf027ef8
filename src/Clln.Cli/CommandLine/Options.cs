using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Clln.Cli.CommandLine;

/// <summary>
/// Typed options whose bad values are refused while parsing, in one line that names the option
/// (the library's own messages name .NET types): numbers, integers, choices and switches.
/// </summary>
public static class Options
{
    /// <summary>A number; <paramref name="valid"/> (with <paramref name="range"/> in words for the error) bounds it.</summary>
    public static Option<double?> Number(string name, string valueName, string description, Func<double, bool>? valid = null, string? range = null) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    return Refuse<double?>(result, $"option {Written(result, name)} expects a number, not '{text}'");
                return valid is null || valid(value) ? value : Refuse<double?>(result, $"option {Written(result, name)} must be {range}, not {text}");
            },
        };

    /// <summary>An integer; <paramref name="valid"/> (with <paramref name="range"/> in words for the error) bounds it.</summary>
    public static Option<int?> Integer(string name, string valueName, string description, Func<int, bool>? valid = null, string? range = null) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                    return Refuse<int?>(result, $"option {Written(result, name)} expects an integer, not '{text}'");
                return valid is null || valid(value) ? value : Refuse<int?>(result, $"option {Written(result, name)} must be {range}, not {text}");
            },
        };

    /// <summary>
    /// A port given or not: the option alone means 0 (a free port). A value that is not a port is
    /// refused, naming the option, so an experiment file written after it is not taken for one.
    /// </summary>
    public static Option<int?> OptionalPort(string name, string description) =>
        new(name)
        {
            HelpName = "PORT",
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0) return 0;
                var text = result.Tokens[0].Value;
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535 ? port
                    : Refuse<int?>(result, $"option {Written(result, name)} takes a port from 0 to 65535 (or nothing: a free port), not '{text}'; put an experiment file before it");
            },
        };

    /// <summary>One of <paramref name="choices"/> (any case; read back in lower case). Completion offers them.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name)
        {
            HelpName = string.Join('|', choices),
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                return choices.Contains(text, StringComparer.OrdinalIgnoreCase)
                    ? text.ToLowerInvariant()
                    : Refuse<string?>(result, $"option {name} must be one of {string.Join(", ", choices)}, not '{text}'");
            },
        };
        option.CompletionSources.Add(choices);
        return option;
    }

    /// <summary>Free text: a path, a list, a specification.</summary>
    public static Option<string?> Text(string name, string valueName, string description) =>
        new(name) { HelpName = valueName, Description = description };

    /// <summary>An option without a value.</summary>
    public static Option<bool> Switch(string name, string description) =>
        new(name) { Description = description, Arity = ArgumentArity.Zero };

    public static Option<bool> Verbose() => Switch("--verbose", "structured log events (phases, convergence) on standard error, and stack traces of internal errors");

    public static Option<bool> Quiet() => Switch("--quiet", "no progress and no status lines on standard error; warnings and errors still show");

    public static Option<bool> Force() => Switch("--force", "overwrite an existing --output folder");

    /// <summary>The name the option was written with (an old name, perhaps), for its error.</summary>
    private static string Written(ArgumentResult result, string name) => (result.Parent as OptionResult)?.IdentifierToken?.Value ?? name;

    private static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
