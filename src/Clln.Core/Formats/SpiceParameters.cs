using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// NAME=VALUE parameters of a <c>.model</c> or <c>M</c> line, however SPICE lets them be spaced
/// and bracketed: <c>(LEVEL=1 VTO=0.62)</c>, <c>VTO = 0.62</c>, <c>KP=850u)</c>. Each keeps the
/// line it was written on, for errors.
/// </summary>
internal static class SpiceParameters
{
    /// <summary>One parameter: upper-case name, its number, the line of its value.</summary>
    public sealed record Parameter(string Name, EngineeringNumber Value, string Text, int Line);

    /// <summary>Reads <paramref name="tokens"/> as NAME=VALUE pairs; <paramref name="user"/> names the line's element in errors.</summary>
    public static List<Parameter> Read(IEnumerable<SpiceToken> tokens, string user, Func<int, string, InvalidNetworkException> error)
    {
        // Brackets are only decoration; '=' becomes a piece of its own so "VTO =0.6" reads like "VTO=0.6".
        var pieces = new List<SpiceToken>();
        foreach (var token in tokens)
            foreach (var part in token.Text.Replace('(', ' ').Replace(')', ' ').Replace("=", " = ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                pieces.Add(new SpiceToken(part, token.Line));
        var parameters = new List<Parameter>();
        for (var p = 0; p < pieces.Count; p += 3)
        {
            var name = pieces[p];
            if (p + 2 >= pieces.Count || pieces[p + 1].Text != "=" || pieces[p + 2].Text == "=")
                throw error(name.Line, $"expected NAME=VALUE for {user}, not '{name.Text}'");
            var value = pieces[p + 2];
            if (!EngineeringNumber.TryParse(value.Text, out var number, out var problem))
                throw error(value.Line, problem == EngineeringNumber.OutOfRange
                    ? $"number '{value.Text}' for {name.Text} of {user} is out of range"
                    : $"malformed number '{value.Text}' for {name.Text} of {user}: {problem}");
            var upper = name.Text.ToUpperInvariant();
            if (parameters.Any(q => q.Name == upper))
                throw error(name.Line, $"{user} gives {upper} twice");
            parameters.Add(new Parameter(upper, number, value.Text, value.Line));
        }
        return parameters;
    }
}
