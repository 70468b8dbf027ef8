using System.Globalization;

namespace Clln.Cli.Output;

/// <summary>Numbers for people: 4 significant digits with an SI prefix (12.35 mV, 2.000 uA, 0 W).</summary>
public static class SiUnits
{
    private static readonly (double Scale, string Prefix)[] Prefixes =
    [
        (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, ""), (1e-3, "m"), (1e-6, "u"), (1e-9, "n"), (1e-12, "p"), (1e-15, "f"),
    ];

    public static string Format(double value, string unit)
    {
        if (value == 0 || !double.IsFinite(value)) return $"{value.ToString(CultureInfo.InvariantCulture)} {unit}";
        var magnitude = Math.Abs(value);
        foreach (var (scale, prefix) in Prefixes)
            if (magnitude >= scale * 0.99995)
                return $"{(value / scale).ToString("0.000", CultureInfo.InvariantCulture)} {prefix}{unit}";
        return $"{value.ToString("0.000e0", CultureInfo.InvariantCulture)} {unit}";
    }
}
