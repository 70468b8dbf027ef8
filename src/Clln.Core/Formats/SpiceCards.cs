using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>A word of a netlist and the physical line it is on (continuations keep their own line numbers).</summary>
internal sealed record SpiceToken(string Text, int Line);

/// <summary>
/// One logical line of a netlist (a "card"): an element or dot line with its continuations, or a
/// structured <c>*clln</c> comment. <see cref="Line"/> is where it starts.
/// </summary>
internal sealed record SpiceCard(int Line, List<SpiceToken> Tokens, bool IsClln)
{
    public string Name => Tokens[0].Text;
}

/// <summary>Splits netlist text into cards, the way SPICE does before it reads any element.</summary>
/// <remarks>
/// The first line is the title and is skipped. Lines starting with '*' are comments, except
/// <c>*clln ...</c>, kept for the reader. An end-of-line comment starts at ';', at "//" or at a
/// word starting with '$' (ngspice's rules). A line starting with '+' continues the previous
/// non-comment line, even across comment lines, as in ngspice.
/// </remarks>
internal static class SpiceCards
{
    public const string CllnPrefix = "*clln";

    public static (List<SpiceCard> Cards, string Title, int LastLine) Split(string text, string source)
    {
        // CR LF, LF and CR end lines; nothing else does, so line numbers match what editors show.
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var cards = new List<SpiceCard>();
        SpiceCard? continuable = null;
        for (var index = 1; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].TrimStart();
            if (line.Length == 0) continue;
            if (line[0] == '*')
            {
                if (IsCllnLine(line))
                    cards.Add(new SpiceCard(number, Tokenize(StripComment(line[1..]), number), IsClln: true));
                continue;
            }
            if (line[0] == '+')
            {
                var more = Tokenize(StripComment(line[1..]), number);
                if (continuable is null)
                    throw new InvalidNetworkException($"{source}:{number}: continuation line '+' has no line before it to continue");
                continuable.Tokens.AddRange(more);
                continue;
            }
            var words = Tokenize(StripComment(line), number);
            if (words.Count == 0) continue;
            continuable = new SpiceCard(number, words, IsClln: false);
            cards.Add(continuable);
        }
        var lastLine = lines.Length > 1 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return (cards, lines[0], lastLine);
    }

    private static bool IsCllnLine(string line) =>
        line.StartsWith(CllnPrefix, StringComparison.OrdinalIgnoreCase)
        && (line.Length == CllnPrefix.Length || char.IsWhiteSpace(line[CllnPrefix.Length]));

    /// <summary>The line up to its end-of-line comment, if any.</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == ';') return line[..i];
            if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') return line[..i];
            if (c == '$' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static List<SpiceToken> Tokenize(string line, int number) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => new SpiceToken(w, number)).ToList();
}
