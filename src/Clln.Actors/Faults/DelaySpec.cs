using System.Globalization;

namespace Clln.Actors.Faults;

/// <summary>How long a message spends on its link: a fixed time, uniform in a range, or exponential.</summary>
/// <remarks>Written as on the command line: <c>fixed:2ms</c>, <c>uniform:0-5ms</c>, <c>exp:1ms</c> (units us, ms or s).</remarks>
public sealed record DelaySpec
{
    private DelaySpec(DelayKind kind, double a, double b)
    {
        Kind = kind;
        A = a;
        B = b;
    }

    public DelayKind Kind { get; }

    /// <summary>Milliseconds: the fixed delay, the lower end of the uniform range, or the exponential mean.</summary>
    public double A { get; }

    /// <summary>Milliseconds: the upper end of the uniform range (else equal to <see cref="A"/>).</summary>
    public double B { get; }

    public static DelaySpec Fixed(double ms) => Check(new DelaySpec(DelayKind.Fixed, ms, ms));

    public static DelaySpec Uniform(double fromMs, double toMs) => Check(new DelaySpec(DelayKind.Uniform, fromMs, toMs));

    public static DelaySpec Exponential(double meanMs) => Check(new DelaySpec(DelayKind.Exponential, meanMs, meanMs));

    /// <summary>Mean delay in milliseconds.</summary>
    public double MeanMs => Kind == DelayKind.Uniform ? (A + B) / 2 : A;

    /// <summary>One delay in milliseconds drawn from the link's stream.</summary>
    public double SampleMs(ref ulong stream) => Kind switch
    {
        DelayKind.Fixed => A,
        DelayKind.Uniform => A + (B - A) * SplitMix.NextDouble(ref stream),
        _ => -A * Math.Log(1.0 - SplitMix.NextDouble(ref stream)),
    };

    /// <summary>Parses <c>fixed:2ms</c>, <c>uniform:0-5ms</c> or <c>exp:1ms</c>; a bad spec throws <see cref="FormatException"/> with a one-line message.</summary>
    public static DelaySpec Parse(string text)
    {
        var colon = text.IndexOf(':');
        if (colon < 0) throw Bad(text);
        var kind = text[..colon].Trim().ToLowerInvariant();
        var value = text[(colon + 1)..].Trim();
        try
        {
            switch (kind)
            {
                case "fixed":
                    return Fixed(Milliseconds(value));
                case "exp":
                case "exponential":
                    return Exponential(Milliseconds(value));
                case "uniform":
                    var unitStart = value.Length;
                    while (unitStart > 0 && char.IsLetter(value[unitStart - 1])) unitStart--;
                    var unit = value[unitStart..];
                    var dash = value.IndexOf('-', 1);
                    if (dash < 0) throw Bad(text);
                    var from = value[..dash];
                    if (from.Length > 0 && char.IsLetter(from[^1])) unit = ""; // both ends carry units
                    return Uniform(Milliseconds(from + unit), Milliseconds(value[(dash + 1)..]));
                default:
                    throw Bad(text);
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"bad delay '{text}': {e.Message.Split('\n')[0].Split(" (Parameter")[0]}");
        }
    }

    public override string ToString() => Kind switch
    {
        DelayKind.Fixed => $"fixed:{Format(A)}ms",
        DelayKind.Uniform => $"uniform:{Format(A)}-{Format(B)}ms",
        _ => $"exp:{Format(A)}ms",
    };

    private static string Format(double ms) => ms.ToString("R", CultureInfo.InvariantCulture);

    private static double Milliseconds(string value)
    {
        var (number, scale) = value.EndsWith("us", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1e-3)
            : value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (value[..^2], 1.0)
            : value.EndsWith('s') || value.EndsWith('S') ? (value[..^1], 1e3)
            : throw new FormatException($"bad delay value '{value}': give a unit (us, ms or s)");
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
            throw new FormatException($"bad delay value '{value}': not a number");
        return x * scale;
    }

    private static DelaySpec Check(DelaySpec spec)
    {
        if (!double.IsFinite(spec.A) || !double.IsFinite(spec.B) || spec.A < 0 || spec.B < spec.A)
            throw new ArgumentOutOfRangeException(nameof(spec), $"delays must be finite, non-negative and ordered, not {spec.A} ms .. {spec.B} ms");
        if (spec.Kind == DelayKind.Exponential && spec.A <= 0)
            throw new ArgumentOutOfRangeException(nameof(spec), "an exponential delay needs a positive mean");
        return spec;
    }

    private static FormatException Bad(string text) =>
        new($"bad delay '{text}': expected fixed:T, uniform:T1-T2 or exp:T, with T like 2ms, 500us or 0.1s");
}

public enum DelayKind
{
    Fixed,
    Uniform,
    Exponential,
}
