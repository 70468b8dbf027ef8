using Clln.Actors.Serialization;
using MessagePack;

namespace Clln.Actors.Nodes;

// The messages a node actor receives.

/// <summary>
/// An edge's news for one of its nodes: the edge's Norton equivalent as seen from that node, in
/// each twin. The current flowing from the edge into the node is predicted as
/// <c>Source - Conductance * V</c> for node voltage V: the edge's current and its dI/dV,
/// linearised where the edge last measured. For a resistor k to a neighbour at V_n this is exact:
/// Conductance k, Source k V_n.
/// </summary>
/// <param name="Slot">The edge's position in the receiving node's list of edges.</param>
/// <param name="Seq">Increases with every message the edge sends; an older one arriving late is ignored.</param>
/// <param name="Tick">Continuous learning: the clock tick of the voltage this answers (0: none); a node steps at each tick from the last tick's news only.</param>
[MessagePackObject]
public sealed record EdgeNorton(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Seq,
    [property: Key(2)] int Slot,
    [property: Key(3)] double ConductanceFree,
    [property: Key(4)] double SourceFree,
    [property: Key(5)] double ConductanceClamped,
    [property: Key(6)] double SourceClamped,
    [property: Key(7)] int Tick = 0) : IEngineMessage;

/// <summary>
/// The experimenter sets a node up for a phase: which twins hold it and at what voltage (NaN:
/// free), and optionally a fresh starting voltage (NaN: keep the last one, a warm start).
/// </summary>
/// <param name="Refresh">Re-send everything and ask for everything (after losses or an aborted phase).</param>
/// <param name="Target">
/// For an output node in a training step, its target voltage V_T (NaN otherwise): the node then
/// holds its clamped twin at V_F + <paramref name="Eta"/> (V_T - V_F) from its own free voltage
/// V_F, as the lab's clamp circuit does; <paramref name="HoldClamped"/> is ignored.
/// With <paramref name="Tether"/> (equilibrium propagation) it stays free in the clamped twin,
/// tied to its target through <paramref name="Eta"/> siemens instead.
/// </param>
/// <param name="Damping">
/// Continuous learning (0: a certified relaxation): the node steps only on the clock's
/// <see cref="TickKind.Integrate"/> ticks, by this fraction of its local correction (an Euler step
/// of its relaxation dynamics), tells its edges at every tick, and an output keeps its clamped
/// twin at V_F + Eta (V_T - V_F) from its present free voltage.
/// </param>
[MessagePackObject]
public sealed record NodePhase(
    [property: Key(0)] int Phase,
    [property: Key(1)] double HoldFree,
    [property: Key(2)] double HoldClamped,
    [property: Key(3)] double StartFree,
    [property: Key(4)] double StartClamped,
    [property: Key(5)] bool Refresh,
    [property: Key(6)] double Target = double.NaN,
    [property: Key(7)] double Eta = 0,
    [property: Key(8)] bool Tether = false,
    [property: Key(9)] double Damping = 0) : IEngineMessage;

/// <summary>What a node does on a clock tick (clocked) or a wake-up call (async).</summary>
public enum TickKind : byte
{
    /// <summary>Relax from what the edges have said; tell them if the voltage moved more than the threshold.</summary>
    Relax = 0,

    /// <summary>The same after the threshold was lowered: unsent small moves may now be due.</summary>
    Resume = 1,

    /// <summary>Re-send the voltage to every edge and ask each for its Norton equivalent (recovery from losses).</summary>
    Refresh = 2,

    /// <summary>Continuous learning: one Euler step of the relaxation dynamics, told to every edge whatever its size.</summary>
    Integrate = 3,
}

/// <summary>The clock: relax now. In the clocked schedule only nodes of one colour tick at a time.</summary>
[MessagePackObject]
public sealed record Tick(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Sweep,
    [property: Key(2)] TickKind Kind) : IEngineMessage;

/// <summary>The experimenter's voltmeter: answer with a <see cref="Coordination.NodeReading"/>.</summary>
[MessagePackObject]
public sealed record Probe([property: Key(0)] int Phase) : IEngineMessage;

/// <summary>
/// A free-running node's note to itself: its last step (over-relaxed) left some way to go, so
/// step again once the messages already in its mailbox have been read. (News alone needs no
/// note: a free-running node relaxes whenever its mailbox runs dry after news.)
/// </summary>
[MessagePackObject]
public sealed record Relax([property: Key(0)] int Phase) : IEngineMessage;

/// <summary>
/// A fresh start from settled voltages (a checkpoint's): the node takes these voltages in both
/// twins, as if its capacitor had just been charged to them, and forgets what its edges told it
/// and what it told them, as a newly wired node does. Its edges are reset to the same voltages
/// at the same barrier, so afterwards the network's state depends on its elements and these
/// voltages alone: a run restored from a checkpoint goes on exactly as the run that wrote it.
/// </summary>
[MessagePackObject]
public sealed record NodeReset(
    [property: Key(0)] int Phase,
    [property: Key(1)] double Free,
    [property: Key(2)] double Clamped) : IEngineMessage;
