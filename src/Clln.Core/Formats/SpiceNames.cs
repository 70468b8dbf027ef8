namespace Clln.Core.Formats;

/// <summary>Which node and element names the SPICE subset reads and writes, and which name the ground.</summary>
/// <remarks>
/// One rule for both directions, so that every name written reads back, and every name read means
/// the same to ngspice. The character set is the one ngspice keeps intact in a netlist: SPICE
/// separators (, = ( )), quotes, braces and comment starters (; $ /) would change how a line splits.
/// </remarks>
public static class SpiceNames
{
    private const string Punctuation = "_.:#[]<>-|@!%?&";

    /// <summary>True for "0" and "gnd" (any case): ngspice reads both as its ground node 0.</summary>
    public static bool IsGround(string name) => name == "0" || name.Equals("gnd", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when SPICE carries the name unchanged, else why not (to follow "name 'x' ...").</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "is empty";
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !Punctuation.Contains(c))
            {
                var shown = c is >= ' ' and < '\u007f' ? $"'{c}'" : $"U+{(int)c:X4}";
                return $"contains {shown}: SPICE names here are ASCII letters, digits and {Punctuation}";
            }
        }
        if (name.Contains("--", StringComparison.Ordinal))
            return "contains '--', which some ngspice versions read as the start of a comment";
        return null;
    }
}
