using System.Globalization;

namespace Clln.Core.Model;

/// <summary>
/// The values a circuit file may hold. Kirchhoff's sums are sums of currents G·V, and a network's
/// power is a sum of G·V²; with |V| ≤ 1e100 V and 1e-100 S ≤ G ≤ 1e100 S every current is at most
/// 1e200 A and every power term at most 1e300 W, below double's largest number (about 1.8e308)
/// with room for sums over a hundred million edges, and the resistance 1/G of a SPICE netlist
/// stays in the same range. Outside these bounds a solve overflows or loses every digit (a
/// voltage of 1e300 V across 1e308 Ω gives NaN), so such values are refused when a file is read,
/// not answered with NaN. No physical circuit comes near them.
/// </summary>
public static class CircuitLimits
{
    public const double MaxVolts = 1e100;
    public const double MinSiemens = 1e-100;
    public const double MaxSiemens = 1e100;

    /// <summary>Null for a voltage a circuit can hold, else why not ("must be within ±1e100 V, not 1e300").</summary>
    public static string? Voltage(double volts) =>
        double.IsFinite(volts) && Math.Abs(volts) <= MaxVolts ? null : $"must be within ±1e100 V, not {Show(volts)}";

    /// <summary>Null for a conductance in [1e-100, 1e100] S, else why not.</summary>
    public static string? Conductance(double siemens) =>
        siemens is >= MinSiemens and <= MaxSiemens ? null : $"must be from 1e-100 to 1e100 S, not {Show(siemens)}";

    /// <summary>Null for a resistance in [1e-100, 1e100] Ω (the reciprocal of a conductance in range), else why not.</summary>
    public static string? Resistance(double ohms) =>
        ohms is >= 1 / MaxSiemens and <= 1 / MinSiemens ? null : $"must be from 1e-100 to 1e100 ohms, not {Show(ohms)}";

    /// <summary>Null for a transistor's K in the conductance range (K·V² is its current, bounded as G·V is), else why not.</summary>
    public static string? TransistorK(double ampsPerVoltSquared) =>
        ampsPerVoltSquared is >= MinSiemens and <= MaxSiemens ? null : $"must be from 1e-100 to 1e100 A/V², not {Show(ampsPerVoltSquared)}";

    private static string Show(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
