using System.Globalization;

namespace Clln.Cli.Output;

/// <summary>
/// Numbers for a summary line, to significant digits whatever their size: 0.931, 12.3, 0.00123,
/// 3.2e-05 (a loss), 1.5e+06; never 0.0000 for a small number.
/// </summary>
public static class Significant
{
    public static string Format(double value, int digits = 3)
    {
        if (!double.IsFinite(value)) return "-";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-3 and < 1e5)
        {
            var decimals = Math.Clamp(digits - 1 - (int)Math.Floor(Math.Log10(magnitude)), 0, 15);
            return Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("0.###############", CultureInfo.InvariantCulture);
        }
        return value.ToString("0." + new string('#', Math.Max(digits - 1, 0)) + "e+00", CultureInfo.InvariantCulture);
    }
}
