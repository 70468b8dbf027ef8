using Clln.Actors.Serialization;
using MessagePack;

namespace Clln.Actors.Coordination;

// The messages the coordinator receives: from nodes, from the quiescence detector, and from the
// engine's API (which lives in the same process as the coordinator, but speaks the same protocol).

/// <summary>A node (clocked schedule) has news and wants the next tick of its colour.</summary>
[MessagePackObject]
public sealed record Ready([property: Key(0)] int Phase, [property: Key(1)] int Node) : IEngineMessage;

/// <summary>A node's answer to a <see cref="Nodes.Probe"/>: its voltage in both twins.</summary>
[MessagePackObject]
public sealed record NodeReading(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Node,
    [property: Key(2)] double Free,
    [property: Key(3)] double Clamped) : IEngineMessage;

/// <summary>
/// An edge's answer to an <see cref="Edges.EdgeProbe"/>: its view of its terminals' voltages in
/// both twins (a: From, b: To), as the last messages it read from them told it.
/// </summary>
[MessagePackObject]
public sealed record EdgeReading(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Edge,
    [property: Key(2)] double AFree,
    [property: Key(3)] double AClamped,
    [property: Key(4)] double BFree,
    [property: Key(5)] double BClamped) : IEngineMessage;

/// <summary>A node's voltage became infinite or NaN: relaxation diverged (async with omega &gt; 1, say).</summary>
[MessagePackObject]
public sealed record Diverged([property: Key(0)] int Phase, [property: Key(1)] int Node) : IEngineMessage;

/// <summary>The network fell silent: no engine message is in flight or being handled.</summary>
[MessagePackObject]
public sealed record Quiet : IEngineMessage
{
    public static readonly Quiet Instance = new();
}

/// <summary>
/// Relax a phase. Held voltages per node and twin (NaN: free). Elements: every edge's element
/// for this phase, or null to keep them. Start: starting voltages (NaN: keep), or null to keep all.
/// Targets: per node, an output's target voltage (NaN: none): such a node clamps its own clamped
/// twin at V_F + Eta (V_T - V_F) from its free voltage at the phase's start; with Tether it ties its
/// clamped twin to V_T through Eta siemens instead (equilibrium propagation's current nudge).
/// Ticks above 0: continuous learning instead of a certified relaxation (see <see cref="Dynamics"/>).
/// </summary>
[MessagePackObject]
public sealed record RunPhase(
    [property: Key(0)] double[] HoldFree,
    [property: Key(1)] double[] HoldClamped,
    [property: Key(2)] ElementWire[]? Elements,
    [property: Key(3)] double[]? Start,
    [property: Key(4)] double[]? Targets = null,
    [property: Key(5)] double Eta = 0,
    [property: Key(6)] bool Tether = false,
    [property: Key(7)] int Ticks = 0,
    [property: Key(8)] double Damping = 0,
    [property: Key(9)] long Step = 0) : IEngineMessage;

/// <summary>A settled phase: voltages of both twins and what it cost.</summary>
[MessagePackObject]
public sealed record PhaseOutcome(
    [property: Key(0)] int Phase,
    [property: Key(1)] double[] Free,
    [property: Key(2)] double[] Clamped,
    [property: Key(3)] long Messages,
    [property: Key(4)] long ControlMessages,
    [property: Key(5)] long Dropped,
    [property: Key(6)] int Sweeps,
    [property: Key(7)] int Checks,
    [property: Key(8)] double WallMs,
    [property: Key(9)] double ErrorBound,
    [property: Key(10)] bool Certified,
    [property: Key(11)] double Threshold,
    [property: Key(12)] long Updates,
    [property: Key(13)] double ViewError,
    [property: Key(14)] int Barriers = 0) : IEngineMessage;

/// <summary>Read one node's voltages by name.</summary>
[MessagePackObject]
public sealed record MeasureNode([property: Key(0)] string Name) : IEngineMessage;

/// <summary>One node's voltages in both twins.</summary>
[MessagePackObject]
public sealed record NodeMeasurement(
    [property: Key(0)] string Name,
    [property: Key(1)] double Free,
    [property: Key(2)] double Clamped) : IEngineMessage;

/// <summary>A request failed: a one-line reason. <paramref name="BadInput"/> marks the caller's mistake (unknown node, say).</summary>
[MessagePackObject]
public sealed record Failed([property: Key(0)] string Message, [property: Key(1)] bool BadInput) : IEngineMessage;

/// <summary>Stop the running phase (cancelled, timed out): actors drain and the phase fails with this reason.</summary>
[MessagePackObject]
public sealed record Halt([property: Key(0)] string Reason) : IEngineMessage;

/// <summary>
/// Start every node and edge afresh from these settled voltages (per node, each twin) and
/// elements (null: keep): a checkpoint is taken, or restored, this way (see <see cref="Nodes.NodeReset"/>).
/// </summary>
[MessagePackObject]
public sealed record ResetState(
    [property: Key(0)] double[] Free,
    [property: Key(1)] double[] Clamped,
    [property: Key(2)] ElementWire[]? Elements) : IEngineMessage;

/// <summary>The fresh start is done: every node and edge has taken it.</summary>
[MessagePackObject]
public sealed record ResetDone : IEngineMessage
{
    public static readonly ResetDone Instance = new();
}
