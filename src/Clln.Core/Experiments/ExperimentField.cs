namespace Clln.Core.Experiments;

/// <summary>One experiment field as people read about it: names, the kind of value, the default and what it means.</summary>
/// <param name="Name">As written in files ("k_min").</param>
/// <param name="Flag">As written on the command line, without dashes ("k-min").</param>
/// <param name="ValueKind">The kind of value, for help texts: NUMBER, INTEGER, TEXT, NUMBERS or NAMES (lists are comma-separated).</param>
/// <param name="Default">The default in its text form, "(none)" when unset.</param>
/// <param name="Doc">Meaning, unit and range; null only for a field someone forgot to describe.</param>
public sealed record ExperimentField(string Name, string Flag, string ValueKind, string Default, FieldAttribute? Doc)
{
    /// <summary>"lower conductance bound of the continuous rule (S; > 0)": the meaning with its unit and range.</summary>
    public string Description =>
        Doc is null ? "" : Doc.Meaning + (string.Join("; ", new[] { Doc.Unit, Doc.Range }.Where(s => s is not null)) is { Length: > 0 } extra ? $" ({extra})" : "");
}
