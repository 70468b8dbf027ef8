using Clln.Core.Hashing;

namespace Clln.Actors.Faults;

/// <summary>
/// SplitMix64: a random stream in one <c>ulong</c> of state, small enough to keep one per link
/// (System.Random costs hundreds of bytes). Every stream is derived from the run's seed and the
/// link's identity, so each draw is repeatable.
/// </summary>
internal static class SplitMix
{
    /// <summary>The starting state of stream (<paramref name="kind"/>, <paramref name="index"/>, <paramref name="slot"/>) of a run.</summary>
    public static ulong Stream(int seed, int kind, int index, int slot)
    {
        var state = (ulong)(uint)seed;
        state = SplitMix64.Finalise(state ^ ((ulong)(uint)kind << 32));
        state = SplitMix64.Finalise(state ^ (uint)index);
        return SplitMix64.Finalise(state ^ ((ulong)(uint)slot << 20));
    }

    public static ulong Next(ref ulong state)
    {
        state += SplitMix64.Gamma;
        return SplitMix64.Finalise(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public static double NextDouble(ref ulong state) => SplitMix64.ToUnit(Next(ref state));

    /// <summary>Standard normal, by Box-Muller (two uniforms a draw, no cached second value to keep state one word).</summary>
    public static double NextGaussian(ref ulong state)
    {
        var u = 1.0 - NextDouble(ref state); // (0, 1], so the log is finite
        var v = NextDouble(ref state);
        return SplitMix64.BoxMuller(u, v);
    }
}
