using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>Reads and writes network files, choosing the format by extension: .json is the project's format, anything else a SPICE netlist.</summary>
public static class NetworkFile
{
    public static bool IsJson(string path) => Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Loads a network; SPICE warnings (ignored dot-lines) go to <paramref name="warn"/>.</summary>
    public static Network Load(string path, Action<string> warn)
    {
        if (IsJson(path)) return NetworkJson.ReadFile(path);
        var result = SpiceNetlist.ReadFile(path);
        foreach (var warning in result.Warnings) warn(warning);
        return result.Network;
    }

    /// <summary>The text of a network in the format its path asks for.</summary>
    public static string Format(Network network, string path) => IsJson(path) ? NetworkJson.Write(network) : SpiceNetlist.Write(network);
}
