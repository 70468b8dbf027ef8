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
        state = Mix(state ^ ((ulong)(uint)kind << 32));
        state = Mix(state ^ (uint)index);
        return Mix(state ^ ((ulong)(uint)slot << 20));
    }

    public static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public static double NextDouble(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal, by Box-Muller (two uniforms a draw, no cached second value to keep state one word).</summary>
    public static double NextGaussian(ref ulong state)
    {
        var u = 1.0 - NextDouble(ref state); // (0, 1], so the log is finite
        var v = NextDouble(ref state);
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
