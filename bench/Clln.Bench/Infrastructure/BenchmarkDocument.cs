namespace Clln.Bench.Infrastructure;

/// <summary>
/// Result documents under docs/ (docs/benchmarks.md unless told otherwise), shared by all
/// benchmarks: each owns the text between its markers <c>&lt;!-- name:begin --&gt;</c> and
/// <c>&lt;!-- name:end --&gt;</c> and replaces only that.
/// </summary>
public static class BenchmarkDocument
{
    private const string Introduction = "Measured by `bench/Clln.Bench`; each section is rewritten by its own benchmark.\n";

    /// <summary>Replaces (or appends) the section <paramref name="name"/> of docs/<paramref name="fileName"/>; returns the file's path.</summary>
    public static string WriteSection(string name, string markdown, string fileName = "benchmarks.md")
    {
        var path = Path.Combine(RepositoryRoot.Find(), "docs", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var title = char.ToUpperInvariant(stem[0]) + stem[1..];
        var text = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : $"# {title}\n\n{Introduction}";
        var begin = $"<!-- {name}:begin -->";
        var end = $"<!-- {name}:end -->";
        var section = $"{begin}\n{markdown.TrimEnd()}\n{end}";
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        if (start >= 0 && stop > start)
            text = text[..start] + section + text[(stop + end.Length)..];
        else if (start >= 0 || stop >= 0)
            throw new BenchmarkException($"{path}: the markers of section '{name}' are unpaired or out of order; fix them by hand");
        else
            text = text.TrimEnd() + "\n\n" + section + "\n";
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
