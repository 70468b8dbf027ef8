using System.Globalization;

namespace Clln.Cli.CommandLine;

/// <summary>
/// The arguments of one command: positionals, options with a value (--name value or --name=value)
/// and switches (--name). Anything not declared is an error, so a typo never passes silently.
/// </summary>
public sealed class ParsedArguments
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    private ParsedArguments(string command) => _command = command;

    public List<string> Positionals { get; } = [];

    /// <param name="options">Names (without dashes) of options that take a value.</param>
    /// <param name="switches">Names (without dashes) of options that take none.</param>
    public static ParsedArguments Parse(string command, IEnumerable<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> switches)
    {
        var parsed = new ParsedArguments(command);
        using var e = args.GetEnumerator();
        var onlyPositionals = false;
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (onlyPositionals || !arg.StartsWith("--", StringComparison.Ordinal) || arg == "-")
            {
                if (!onlyPositionals && arg.StartsWith('-') && arg.Length > 1 && arg != "-" && !double.TryParse(arg, CultureInfo.InvariantCulture, out _))
                    throw new UsageException($"{command}: unknown option '{arg}' (options are written --name)");
                parsed.Positionals.Add(arg);
                continue;
            }
            if (arg == "--") { onlyPositionals = true; continue; }
            var body = arg[2..];
            string? inlineValue = null;
            var equals = body.IndexOf('=');
            if (equals >= 0) (body, inlineValue) = (body[..equals], body[(equals + 1)..]);
            if (switches.Contains(body))
            {
                if (inlineValue is not null) throw new UsageException($"{command}: option --{body} takes no value");
                parsed._switches.Add(body);
            }
            else if (options.Contains(body))
            {
                if (inlineValue is null)
                {
                    if (!e.MoveNext()) throw new UsageException($"{command}: option --{body} needs a value");
                    inlineValue = e.Current;
                }
                if (!parsed._values.TryAdd(body, inlineValue))
                    throw new UsageException($"{command}: option --{body} is given twice");
            }
            else
            {
                var known = options.Concat(switches).Order().Select(o => "--" + o);
                var suggestion = options.Concat(switches).OrderBy(o => EditDistance(o, body)).FirstOrDefault();
                var hint = suggestion is not null && EditDistance(suggestion, body) <= 2 ? $" (did you mean --{suggestion}?)" : $" (known: {string.Join(", ", known)})";
                throw new UsageException($"{command}: unknown option '--{body}'{hint}");
            }
        }
        return parsed;
    }

    public bool Switch(string name) => _switches.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name) || _switches.Contains(name);

    public double? Double(string name)
    {
        if (Value(name) is not { } text) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new UsageException($"{_command}: option --{name} expects a number, not '{text}'");
    }

    public int? Int(string name)
    {
        if (Value(name) is not { } text) return null;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{_command}: option --{name} expects an integer, not '{text}'");
    }

    /// <summary>The value of <paramref name="name"/>, which must be one of <paramref name="choices"/>.</summary>
    public string? Choice(string name, params string[] choices)
    {
        if (Value(name) is not { } text) return null;
        return choices.Contains(text, StringComparer.OrdinalIgnoreCase)
            ? text.ToLowerInvariant()
            : throw new UsageException($"{_command}: option --{name} must be one of {string.Join(", ", choices)}, not '{text}'");
    }

    /// <summary>Exactly <paramref name="count"/> positionals, named in the error when missing.</summary>
    public void ExpectPositionals(params string[] names)
    {
        if (Positionals.Count < names.Length)
            throw new UsageException($"{_command}: missing {names[Positionals.Count]}");
        if (Positionals.Count > names.Length)
            throw new UsageException($"{_command}: unexpected argument '{Positionals[names.Length]}'");
    }

    /// <summary>At most <paramref name="count"/> positionals.</summary>
    public void ExpectPositionalsAtMost(int count, string what)
    {
        if (Positionals.Count > count)
            throw new UsageException($"{_command}: unexpected argument '{Positionals[count]}' (expected at most {count}: {what})");
    }

    private static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
            for (var j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
