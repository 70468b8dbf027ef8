using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// Writes a file so that a reader (or a crash) never sees it half-written: the content goes to a
/// temporary file beside the target, which is then renamed over it in one step. A path that
/// cannot be written (a folder, no permission, under /proc or /sys) is a <see cref="BadInputException"/>
/// naming it, and leaves nothing behind.
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
        if (Directory.Exists(path)) throw new BadInputException($"{path}: is a folder; give a file name");
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            if (File.Exists(directory)) throw new BadInputException($"{path}: {directory} is a file, not a folder");
            Directory.CreateDirectory(directory);
            writeTo(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (IsPathFailure(e))
        {
            // The system's message names the temporary file; the user knows the path they gave.
            throw new BadInputException($"{path}: cannot write: {e.Message.Replace(temporary, full, StringComparison.Ordinal)}");
        }
        finally
        {
            try { if (File.Exists(temporary)) File.Delete(temporary); }
            catch (Exception e) when (IsPathFailure(e)) { /* the write's own failure is the one to report */ }
        }
    }

    /// <summary>What the file system throws for a path it will not write or read.</summary>
    public static bool IsPathFailure(Exception e) => e is IOException or UnauthorizedAccessException or NotSupportedException;
}
