using System.Text;

namespace Clln.Core.Experiments;

/// <summary>
/// One point of a sweep: the base experiment with each swept field set to one of its values.
/// Each seed of the sweep makes one run of it, in the folder <see cref="FolderName"/>/seed-N.
/// </summary>
/// <param name="Index">The point's place in the sweep (the first parameter varies slowest), from 0.</param>
/// <param name="Settings">The swept fields and this point's values, in the sweep's order.</param>
public sealed record SweepPoint(int Index, IReadOnlyList<(string Field, string? Value)> Settings, Experiment Experiment)
{
    /// <summary>"p03_clock=desync_rule=potentiometer": unique by the index, readable by the rest.</summary>
    public string FolderName => $"p{Index:00}_" + string.Join("_", Settings.Select(s => $"{s.Field}={Safe(s.Value)}"));

    /// <summary>"clock=desync, rule=potentiometer", for messages.</summary>
    public string Describe() => string.Join(", ", Settings.Select(s => $"{s.Field}={s.Value ?? "null"}"));

    /// <summary>The run of this point with <paramref name="seed"/>, writing into <paramref name="folder"/>.</summary>
    public Experiment Run(int seed, string folder) => TaskSequence.Normalize(Experiment with { Seed = seed, Output = folder }); // as its run records it

    /// <summary>A value as part of a folder name: letters, digits, '.', '+' and '-' kept, anything else '_'.</summary>
    private static string Safe(string? value)
    {
        if (value is null) return "null";
        var name = new StringBuilder();
        foreach (var ch in value.Take(40)) name.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '+' or '-' ? ch : '_');
        return name.ToString();
    }
}
