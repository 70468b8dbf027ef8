namespace Clln.Core.Formats;

/// <summary>
/// Writes a file so that a reader (or a crash) never sees it half-written: the content goes to a
/// temporary file beside the target, which is then renamed over it in one step.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, temporary => File.WriteAllText(temporary, contents));

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var bytes = contents.ToArray();
        Write(path, temporary => File.WriteAllBytes(temporary, bytes));
    }

    /// <summary>Lets <paramref name="writeTo"/> fill a temporary path, then moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> writeTo)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTo(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
