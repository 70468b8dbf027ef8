namespace Clln.Core.Hashing;

/// <summary>
/// SplitMix64's pieces, the one source of every seeded draw in the project: the finaliser (a
/// bijective 64-bit mixer), one generator step, and the conversions of its output to a uniform
/// double and, by Box-Muller, to a standard normal. Pure functions, so a draw is the same on every
/// machine, runtime and engine.
/// </summary>
public static class SplitMix64
{
    /// <summary>The generator's increment: the golden ratio in 64 bits.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The finaliser: a bijective mix of all 64 bits.</summary>
    public static ulong Finalise(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>One generator step from <paramref name="state"/>: advance by <see cref="Gamma"/>, then mix.</summary>
    public static ulong Step(ulong state) => Finalise(unchecked(state + Gamma));

    /// <summary>Uniform in [0, 1) from the top 53 bits.</summary>
    public static double ToUnit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal from two uniforms, <paramref name="u"/> in (0, 1] (so the log is finite) and <paramref name="v"/> in [0, 1).</summary>
    public static double BoxMuller(double u, double v) => Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
}
