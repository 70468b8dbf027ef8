using Clln.Core.Hashing;

namespace Clln.Core.Training;

/// <summary>
/// When edges update. Global: every edge on every step (the lab's shared clock). Desynchronous: each
/// edge on its own random clock, with probability p a step or as a Poisson process of a given rate.
/// </summary>
/// <remarks>
/// Whether edge j updates at step s is a pure function of (seed, j, s): a hash, not a shared random
/// stream. So an edge actor decides alone, and any engine, on one process or many, makes the same
/// choices.
/// </remarks>
public sealed record UpdateClock(ClockKind Kind, double Rate, int Seed)
{
    public static UpdateClock Global { get; } = new(ClockKind.Global, 1.0, 0);

    public static UpdateClock Bernoulli(double probability, int seed) =>
        probability is > 0 and <= 1 ? new(ClockKind.Bernoulli, probability, seed) : throw new ArgumentOutOfRangeException(nameof(probability), probability, "an update probability must be in (0, 1]");

    public static UpdateClock Poisson(double rate, int seed) =>
        rate > 0 && double.IsFinite(rate) ? new(ClockKind.Poisson, rate, seed) : throw new ArgumentOutOfRangeException(nameof(rate), rate, "a Poisson rate must be positive");

    /// <summary>How many times edge <paramref name="edge"/> updates at step <paramref name="step"/>.</summary>
    public int Updates(int edge, long step)
    {
        switch (Kind)
        {
            case ClockKind.Global:
                return 1;
            case ClockKind.Bernoulli:
                return Uniform(edge, step, 0) < Rate ? 1 : 0;
            default:
                // Knuth's method: count uniforms until their product drops below e^-rate.
                var limit = Math.Exp(-Rate);
                var product = Uniform(edge, step, 0);
                var count = 0;
                while (product > limit && count < 1000) product *= Uniform(edge, step, ++count);
                return count;
        }
    }

    /// <summary>A uniform number in [0, 1) from (seed, edge, step, draw) via SplitMix64.</summary>
    private double Uniform(int edge, long step, int draw)
    {
        var x = unchecked((ulong)Seed * SplitMix64.Gamma ^ (ulong)edge * 0xBF58476D1CE4E5B9UL ^ (ulong)step * 0x94D049BB133111EBUL ^ (ulong)draw * 0xD6E8FEB86659FD93UL);
        return SplitMix64.ToUnit(SplitMix64.Step(SplitMix64.Step(x)));
    }
}

public enum ClockKind
{
    Global,
    Bernoulli,
    Poisson,
}
