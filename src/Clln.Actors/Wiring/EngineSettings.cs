using Clln.Actors.Faults;

namespace Clln.Actors.Wiring;

/// <summary>
/// What every actor of a member reads on each message: the schedule, omega, the faults, and the
/// send threshold. The coordinator changes the threshold only while the network is silent (the
/// next message it sends publishes the change); <see cref="Halted"/> may change at any time.
/// </summary>
internal sealed class EngineSettings(ActorEngineOptions options)
{
    private volatile bool _halted;

    public Schedule Schedule { get; } = options.Schedule;
    public bool Clocked { get; } = options.Schedule == Schedule.Clocked;
    /// <summary>
    /// The over-relaxation in force: the option, or 1 once the coordinator has seen it cycle
    /// (changed only at a barrier, while no actor runs).
    /// </summary>
    public double Omega { get; set; } = options.Omega;

    /// <summary>
    /// A node over-relaxes only while its correction exceeds this many thresholds, and moves by
    /// the plain local solve below. Successive over-relaxation with omega near 2 amplifies the
    /// small staleness that send thresholds allow (its iteration is far from normal), and the
    /// network can then chatter forever at a few thresholds; near the floor the plain step
    /// settles it. 10 ended every case tried (4 did not, on a 100x100 lattice at omega 1.97).
    /// </summary>
    public const double OverRelaxationFloor = 10;
    public int Seed { get; } = options.Seed;
    public double Drop { get; } = options.Drop;
    public double Noise { get; } = options.Noise;
    public DelaySpec? Delay { get; } = options.EffectiveDelay;
    public bool Reorder { get; } = options.Reorder;

    /// <summary>True when links need per-link state (delay, loss, noise or stragglers).</summary>
    public bool Faulty { get; } = options.HasFaults;

    /// <summary>Milliseconds a straggler's message is slowed from when links have no delay of their own.</summary>
    public const double StragglerBaseDelayMs = 1.0;

    private readonly HashSet<int> _stragglers = [.. options.Stragglers ?? []];

    /// <summary>How many times the link delay node <paramref name="node"/>'s messages take: the straggler factor, or 1.</summary>
    public double Slowdown(int node) => _stragglers.Contains(node) ? options.StragglerFactor : 1.0;

    /// <summary>
    /// Volts: a node tells its edges its voltage only when it has moved more than this since it
    /// last told them, and an edge tells a node its Norton equivalent only when the current it
    /// predicts at the node moved more than this many volts' worth through its own conductance.
    /// </summary>
    public double Threshold { get; set; } = options.Tolerance;

    /// <summary>Set to stop all relaxation: actors then only drain their mailboxes.</summary>
    public bool Halted
    {
        get => _halted;
        set => _halted = value;
    }

    /// <summary>Where delayed messages wait (null when links do not delay).</summary>
    public DelayLine? DelayLine { get; } = options.EffectiveDelay is null && !options.HasStragglers ? null : new DelayLine();

    /// <summary>Milliseconds on the delay line's clock: the time base of first-in first-out delayed links.</summary>
    public double NowMs => DelayLine?.NowMs ?? 0;
}
