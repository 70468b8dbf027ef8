namespace Clln.Core.Mechanics;

/// <summary>Which of a spring's two degrees of freedom learns.</summary>
public enum SpringParameter
{
    /// <summary>Coil thickness sets the stiffness k (the lab's second generation).</summary>
    Stiffness,

    /// <summary>A turnbuckle sets the rest length l (the lab's first generation).</summary>
    RestLength,
}

/// <summary>
/// Coupled learning for springs: each spring moves its own parameter by -(alpha/eta) times the
/// difference of its energy's derivative with respect to that parameter between the clamped and
/// the free state, read from its own two lengths alone: for the stiffness
/// dk = -(alpha/eta) (e_C^2 - e_F^2)/2, for the rest length dl = (alpha/eta) k (r_C - r_F), with e
/// the extension r - l. Clipped to the physical range [<paramref name="Min"/>, <paramref name="Max"/>].
/// </summary>
public sealed record SpringRule
{
    public SpringRule(SpringParameter learns, double alpha, double eta, double min, double max)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentException($"alpha must be positive and finite, not {alpha}");
        if (!(eta > 0) || !double.IsFinite(eta)) throw new ArgumentException($"eta must be positive and finite, not {eta}");
        if (!(min > 0) || !(max >= min) || !double.IsFinite(max)) throw new ArgumentException($"the range [{min}, {max}] must be positive and finite, its minimum no larger than its maximum");
        (Learns, Alpha, Eta, Min, Max) = (learns, alpha, eta, min, max);
    }

    public SpringParameter Learns { get; }
    public double Alpha { get; }
    public double Eta { get; }
    public double Min { get; }
    public double Max { get; }

    public Spring Update(Spring spring, double freeLength, double clampedLength)
    {
        var (free, clamped) = (freeLength - spring.RestLength, clampedLength - spring.RestLength);
        return Learns == SpringParameter.Stiffness
            ? spring with { Stiffness = Math.Clamp(spring.Stiffness - Alpha / Eta * 0.5 * (clamped * clamped - free * free), Min, Max) }
            : spring with { RestLength = Math.Clamp(spring.RestLength + Alpha / Eta * spring.Stiffness * (clamped - free), Min, Max) };
    }
}

/// <summary>What an elastic network learns: its free state, its clamped state nudged toward the target, and the cost of a free state.</summary>
public interface ISpringTask
{
    SpringEquilibrium Free(SpringNetwork network);

    SpringEquilibrium Clamped(SpringNetwork network, SpringEquilibrium free, double eta);

    double Cost(SpringNetwork network, SpringEquilibrium free);
}

/// <summary>
/// The central trainer for elastic networks: the task's free and clamped states, and every
/// spring's own update from its two lengths.
/// </summary>
public static class SpringTrainer
{
    /// <summary>One step; returns the network after it and the cost of the free state it learned from.</summary>
    public static (SpringNetwork Network, double Cost) Step(SpringNetwork network, ISpringTask task, SpringRule rule)
    {
        var free = task.Free(network);
        var clamped = task.Clamped(network, free, rule.Eta);
        var springs = network.Springs.Select(s => rule.Update(s, free.Length(s), clamped.Length(s))).ToArray();
        return (network.With(springs), task.Cost(network, free));
    }
}
