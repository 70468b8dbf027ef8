namespace Clln.Core.Elements;

/// <summary>
/// The fixed resistances a digital potentiometer can take, lowest first. The Gen-1 lab chip has
/// 100 log-spaced taps from 40 ohm to 32 kohm (about 7 % a step): <see cref="Lab"/>.
/// </summary>
public sealed class TapLadder
{
    private readonly double[] _ohms;

    private TapLadder(double[] ohms, string spacing)
    {
        _ohms = ohms;
        Spacing = spacing;
    }

    public static TapLadder Lab { get; } = LogSpaced(100, 40, 32_000);

    public int Count => _ohms.Length;

    public double MinOhms => _ohms[0];

    public double MaxOhms => _ohms[^1];

    /// <summary>"log" or "linear": how the taps were spaced (for writing the ladder back to a file).</summary>
    public string Spacing { get; }

    public double Ohms(int tap) => _ohms[tap];

    public double Conductance(int tap) => 1.0 / _ohms[tap];

    /// <summary>Taps equally spaced in log(resistance): a constant ratio between neighbours.</summary>
    public static TapLadder LogSpaced(int count, double minOhms, double maxOhms) =>
        Create(count, minOhms, maxOhms, "log", t => minOhms * Math.Pow(maxOhms / minOhms, t));

    /// <summary>Taps equally spaced in resistance.</summary>
    public static TapLadder LinearSpaced(int count, double minOhms, double maxOhms) =>
        Create(count, minOhms, maxOhms, "linear", t => minOhms + (maxOhms - minOhms) * t);

    /// <summary>The tap whose conductance is nearest (in log) to <paramref name="siemens"/>.</summary>
    public int NearestTap(double siemens)
    {
        var ohms = 1.0 / siemens;
        var best = 0;
        for (var t = 1; t < _ohms.Length; t++)
            if (Math.Abs(Math.Log(_ohms[t] / ohms)) < Math.Abs(Math.Log(_ohms[best] / ohms))) best = t;
        return best;
    }

    private static TapLadder Create(int count, double minOhms, double maxOhms, string spacing, Func<double, double> ohmsAt)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "a tap ladder needs at least 2 taps");
        if (!(minOhms > 0) || !(maxOhms > minOhms) || !double.IsFinite(maxOhms))
            throw new ArgumentOutOfRangeException(nameof(minOhms), $"tap range must satisfy 0 < min < max, not {minOhms} .. {maxOhms} ohm");
        var ohms = new double[count];
        for (var t = 0; t < count; t++) ohms[t] = ohmsAt((double)t / (count - 1));
        ohms[^1] = maxOhms;
        return new TapLadder(ohms, spacing);
    }
}
