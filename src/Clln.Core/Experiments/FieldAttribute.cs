namespace Clln.Core.Experiments;

/// <summary>
/// What one experiment field means, for people: the one place that `clln train --help` and the
/// field reference (docs/experiment-fields.md) are generated from, so a field cannot be added
/// without saying what it is (a test holds every field to it).
/// </summary>
/// <param name="meaning">One short sentence: what the field sets.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class FieldAttribute(string meaning) : Attribute
{
    public string Meaning { get; } = meaning;

    /// <summary>The unit of a quantity ("V", "S", "s"), or null for a count, a name or a ratio.</summary>
    public string? Unit { get; init; }

    /// <summary>The values allowed, in words or as an interval ("[0, 1)", "clocked|async"), or null when any value of the type goes.</summary>
    public string? Range { get; init; }
}
