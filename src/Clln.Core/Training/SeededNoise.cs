using Clln.Core.Hashing;

namespace Clln.Core.Training;

/// <summary>
/// Random draws that are pure functions of (seed, model, index, step, draw): a hash, not a shared
/// stream. Each imperfection and damage model has its own <see cref="NoiseModel"/>, so adding one
/// model never changes another's draws, and any engine (reference or actors, in any message order)
/// draws the same numbers for the same edge at the same step.
/// </summary>
public static class SeededNoise
{
    /// <summary>Uniform in [0, 1).</summary>
    public static double Uniform(int seed, NoiseModel model, long index, long step = 0, int draw = 0) =>
        SplitMix64.ToUnit(Hash(seed, model, index, step, draw));

    /// <summary>Standard normal (Box-Muller from two independent uniforms).</summary>
    public static double Gaussian(int seed, NoiseModel model, long index, long step = 0, int draw = 0)
    {
        var u = 1.0 - Uniform(seed, model, index, step, 2 * draw); // (0, 1]: the log is finite
        var v = Uniform(seed, model, index, step, 2 * draw + 1);
        return SplitMix64.BoxMuller(u, v);
    }

    /// <summary>A seed for a <see cref="Random"/> of its own (choosing which edges or nodes a model hits).</summary>
    public static int StreamSeed(int seed, NoiseModel model) => unchecked((int)Hash(seed, model, 0, 0, 0));

    private static ulong Hash(int seed, NoiseModel model, long index, long step, int draw)
    {
        unchecked
        {
            var x = SplitMix64.Step((ulong)(uint)seed + SplitMix64.Gamma * (ulong)model);
            x = SplitMix64.Step(x ^ (ulong)index * 0xBF58476D1CE4E5B9UL);
            x = SplitMix64.Step(x ^ (ulong)step * 0x94D049BB133111EBUL);
            return SplitMix64.Step(x ^ (ulong)(uint)draw * 0xD6E8FEB86659FD93UL);
        }
    }
}

/// <summary>The independent random streams of the damage, imperfection and asynchrony models.</summary>
public enum NoiseModel
{
    Cut = 1,
    Short = 2,
    Stuck = 3,
    DeadNode = 4,
    TwinMismatch = 5,
    ComparatorOffset = 6,
    ComparatorNoise = 7,
    UpdateNoise = 8,
    Drift = 9,
    OutputNoise = 10,
    Straggler = 11,
}
