using System.Globalization;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Cli.Training;

/// <summary>
/// Where a run or a sweep writes: a folder the user named, or a new one under runs/ with a
/// timestamp, that runs/latest (runs/latest-sweep) then points to. Every check here happens before
/// the run starts, so a folder that cannot be written is one line at once, not a failure hours in.
/// </summary>
public static class OutputFolder
{
    /// <summary>The folder new runs go to when none is named.</summary>
    public const string Root = "runs";

    /// <summary>
    /// A folder the user named (--output, or the file's output): refused when it is a file, and,
    /// unless <paramref name="force"/>, when it holds anything, since a second run there would
    /// replace or mix with the first. <paramref name="forceMeans"/> says what --force would do.
    /// </summary>
    public static void CheckNamed(string path, bool force, string forceMeans)
    {
        if (File.Exists(path)) throw new BadInputException($"{path}: is a file, not a folder; choose another --output");
        if (!force && Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            throw new BadInputException($"{path}: exists; add --force to {forceMeans}, or choose another --output");
        CheckWritable(path);
    }

    /// <summary>
    /// A new folder ROOT/NAME-TIMESTAMP (UTC, 20261206-174501; ROOT is runs), made now so that a second run in the
    /// same second gets NAME-TIMESTAMP-2. It is empty until the run's first write; <see cref="RemoveIfEmpty"/>
    /// takes it away when the run ends before then.
    /// </summary>
    public static string CreateTimestamped(string root, string name, DateTime utcNow)
    {
        var stem = Path.Combine(root, $"{SafeName(name)}-{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        CheckWritable(stem);
        if (!Directory.Exists(root)) CreatedRoots.TryAdd(Path.GetFullPath(root), true);
        for (var n = 1; ; n++)
        {
            var path = n == 1 ? stem : $"{stem}-{n}";
            if (Directory.Exists(path) || File.Exists(path)) continue;
            try
            {
                Directory.CreateDirectory(path);
                return path;
            }
            catch (Exception e) when (AtomicFile.IsPathFailure(e))
            {
                throw new BadInputException($"{path}: cannot create the run's folder: {e.Message}");
            }
        }
    }

    /// <summary>The runs/ folders this process made, which go again with the last empty run folder in them.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> CreatedRoots = new(StringComparer.Ordinal);

    /// <summary>Removes a folder made for a run that never wrote to it, and runs/ too when this process made it for that run alone.</summary>
    public static void RemoveIfEmpty(string path)
    {
        try
        {
            if (!Directory.Exists(path) || Directory.EnumerateFileSystemEntries(path).Any()) return;
            Directory.Delete(path);
            var root = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (CreatedRoots.ContainsKey(root) && !Directory.EnumerateFileSystemEntries(root).Any()) Directory.Delete(root);
        }
        catch (Exception e) when (AtomicFile.IsPathFailure(e))
        {
            // Left behind empty: harmless, and the run's own error is the one to report.
        }
    }

    /// <summary>
    /// Points <paramref name="link"/> (runs/latest) at <paramref name="target"/>: a symbolic link,
    /// replaced in one rename; where links cannot be made, a small text file naming the folder. A real
    /// folder there (written by an older clln) is a run of its own and is left alone.
    /// </summary>
    public static string? PointLatest(string link, string target)
    {
        var info = new DirectoryInfo(link);
        if (info.Exists && info.LinkTarget is null) return $"{link} is a folder of an earlier run, so it was left as it is; this run is in {target}";
        var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(link))!, Path.GetFullPath(target));
        try
        {
            // .NET renames no link to a folder over another, so the old link goes first: for a moment
            // there is no runs/latest, never one that points at a half-made run.
            if (new FileInfo(link).LinkTarget is not null || File.Exists(link)) File.Delete(link);
            File.CreateSymbolicLink(link, relative);
            return null;
        }
        catch (Exception e) when (AtomicFile.IsPathFailure(e))
        {
            // No links here (some file systems, Windows without the right): the small file below.
        }
        try
        {
            if (new FileInfo(link).LinkTarget is not null) File.Delete(link);
            AtomicFile.WriteAllText(link, relative + "\n");
            return null;
        }
        catch (Exception e) when (AtomicFile.IsPathFailure(e) || e is BadInputException)
        {
            return $"could not point {link} at {target}: {e.Message}";
        }
    }

    /// <summary>
    /// The folder <paramref name="path"/> names, or, when it is the small text file <see cref="PointLatest"/>
    /// writes where links cannot be made, the folder that file names.
    /// </summary>
    public static string Follow(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length > 4096) return path;
        var named = File.ReadAllText(path).Trim();
        var folder = Path.Combine(Path.GetDirectoryName(path) ?? "", named);
        return named.Length > 0 && !named.Contains('\n') && Directory.Exists(folder) ? folder : path;
    }

    /// <summary>
    /// Refuses, before anything runs, a folder that cannot be written: a file in its way, no
    /// permission, a file system that takes no files (/proc, /sys). It writes and removes a probe
    /// file in the folder, or in its nearest existing parent, so nothing is left either way.
    /// </summary>
    public static void CheckWritable(string path)
    {
        var full = Path.GetFullPath(path);
        var existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing)) throw new BadInputException(existing == full ? $"{path}: is a file, not a folder" : $"{path}: {existing} is a file, not a folder");
            existing = Path.GetDirectoryName(existing) ?? throw new BadInputException($"{path}: cannot write: no existing parent folder");
        }
        var probe = Path.Combine(existing, $".clln-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (AtomicFile.IsPathFailure(e))
        {
            // The system's message names the probe, which the user never saw: say what it found instead.
            var why = e is UnauthorizedAccessException ? $"no permission to write in {existing}" : $"{existing} takes no new files";
            throw new BadInputException($"{path}: cannot write there: {why}");
        }
    }

    /// <summary>A file or task name as one folder name: letters, digits, '-', '_' and '.' kept, the rest '_'.</summary>
    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "run" : safe;
    }
}
