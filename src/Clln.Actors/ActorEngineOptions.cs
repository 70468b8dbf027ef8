using Clln.Actors.Faults;

namespace Clln.Actors;

/// <summary>How the actor engine relaxes and what it does to its links. Every random choice flows from <see cref="Seed"/>.</summary>
public sealed record ActorEngineOptions
{
    /// <summary>Clocked (barrier per colour step, repeatable) or free-running.</summary>
    public Schedule Schedule { get; init; } = Schedule.Clocked;

    /// <summary>
    /// Volts. The result is certified to lie within this distance of the exact Kirchhoff
    /// equilibrium at every node (see docs/architecture.md: a residual times a bound on the
    /// inverse Laplacian). Relaxation goes on until the certificate holds.
    /// </summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>
    /// Over-relaxation: a free node moves <c>Omega</c> times its local Newton correction. 1 is the
    /// exact local solve for resistors. In the clocked schedule any value in (0, 2) converges
    /// (successive over-relaxation of a symmetric positive definite system). In the asynchronous
    /// schedule only values up to 1 are covered by the chaotic-relaxation theorems; above 1 it may
    /// oscillate or diverge, and the engine then stops with an error.
    /// </summary>
    public double Omega { get; init; } = 1.0;

    /// <summary>The one seed of every random choice: delays, losses, noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Delay of every message on its node-edge link, or null for none.</summary>
    public DelaySpec? Delay { get; init; }

    /// <summary>
    /// When true a link does not keep order: every message's delay is drawn on its own, so later
    /// ones may overtake. When false links are first-in first-out (like a wire or TCP). Reordering
    /// without a <see cref="Delay"/> uses uniform:0-1ms.
    /// </summary>
    public bool Reorder { get; init; }

    /// <summary>Probability that a transmission of a node-edge message is lost, in [0, 1); the link layer sends it again (see LinkState).</summary>
    public double Drop { get; init; }

    /// <summary>
    /// Volts: standard deviation of the Gaussian noise on every measurement: an edge reading a
    /// terminal voltage, a node reading a current (as the current through that edge's conductance
    /// for this many volts). With noise the result can be certified only to the noise floor.
    /// </summary>
    public double Noise { get; init; }

    /// <summary>
    /// Nodes that straggle: each one's outgoing messages take <see cref="StragglerFactor"/> times
    /// the link delay (times 1 ms when links have none). Null or empty for none.
    /// </summary>
    public IReadOnlyList<int>? Stragglers { get; init; }

    /// <summary>How many times slower a straggler's messages are, at least 1.</summary>
    public double StragglerFactor { get; init; } = 1.0;

    /// <summary>True when some node straggles.</summary>
    public bool HasStragglers => Stragglers is { Count: > 0 } && StragglerFactor > 1;

    /// <summary>Information-level structured events (phase start and end, convergence) instead of warnings only.</summary>
    public bool Verbose { get; init; }

    /// <summary>A phase fails after this many sweeps (clocked) or node updates per node (async): a guard against divergence.</summary>
    public int MaxSweeps { get; init; } = 1_000_000;

    /// <summary>A phase fails when it has not settled in this time.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The delay actually applied: <see cref="Delay"/>, or uniform:0-1ms when only reordering is asked.</summary>
    public DelaySpec? EffectiveDelay => Delay ?? (Reorder ? DelaySpec.Uniform(0, 1) : null);

    /// <summary>True when any link misbehaves (delay, reorder, loss, a straggler) or measures with noise.</summary>
    public bool HasFaults => EffectiveDelay is not null || Drop > 0 || Noise > 0 || HasStragglers;

    /// <summary>Throws <see cref="ArgumentException"/> with a one-line message for a value out of range.</summary>
    /// <param name="unit">What a node holds, in which the tolerance and the noise are read: volts, or metres (elastic networks).</param>
    public ActorEngineOptions Validate(string unit = "volts")
    {
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            throw new ArgumentException($"the tolerance must be a positive number of {unit}, not {Tolerance}");
        if (!(Omega > 0 && Omega < 2))
            throw new ArgumentException($"omega must lie in (0, 2), not {Omega}");
        if (!(Drop >= 0 && Drop < 1))
            throw new ArgumentException($"the drop probability must lie in [0, 1), not {Drop}");
        if (!(Noise >= 0) || !double.IsFinite(Noise))
            throw new ArgumentException($"the noise must be a non-negative number of {unit}, not {Noise}");
        if (!(StragglerFactor >= 1) || !double.IsFinite(StragglerFactor))
            throw new ArgumentException($"a straggler factor must be at least 1, not {StragglerFactor}");
        if (MaxSweeps < 1)
            throw new ArgumentException($"at least one sweep is needed, not {MaxSweeps}");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentException($"the timeout must be positive, not {Timeout}");
        return this;
    }
}
