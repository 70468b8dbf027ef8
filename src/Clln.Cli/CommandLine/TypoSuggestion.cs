namespace Clln.Cli.CommandLine;

/// <summary>The known name closest to a mistyped one, when it is close enough to be what was meant.</summary>
public static class TypoSuggestion
{
    /// <summary>Edits (insertions, deletions, substitutions) up to which a name counts as a typo of another.</summary>
    private const int MaxEdits = 2;

    public static string? Closest(string typed, IEnumerable<string> known) =>
        known.Select(name => (name, edits: EditDistance(name, typed))).Where(c => c.edits <= MaxEdits).OrderBy(c => c.edits).ThenBy(c => c.name, StringComparer.Ordinal)
            .Select(c => c.name).FirstOrDefault();

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
