using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// Reads a file the user named. Every way that fails (no such file, a folder, no permission, a
/// path under /proc that is not a regular file) is a <see cref="BadInputException"/> naming the
/// path, so it reaches the user as one line, never as a .NET exception.
/// </summary>
public static class InputFile
{
    public static string ReadAllText(string path) => Read(path, File.ReadAllText);

    public static byte[] ReadAllBytes(string path) => Read(path, File.ReadAllBytes);

    public static string[] ReadAllLines(string path) => Read(path, File.ReadAllLines);

    private static T Read<T>(string path, Func<string, T> read)
    {
        if (Directory.Exists(path)) throw new BadInputException($"{path}: is a folder, not a file");
        if (!File.Exists(path)) throw new BadInputException($"{path}: no such file");
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new BadInputException($"{path}: cannot read: {e.Message}");
        }
    }
}
