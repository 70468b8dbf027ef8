using Clln.Actors.Serialization;
using MessagePack;

namespace Clln.Actors.Edges;

// The messages an edge actor receives.

/// <summary>A node's voltage in both twins, sent to each of its edges when it moved more than the threshold.</summary>
/// <param name="Node">The sending node's index: tells the edge which of its terminals moved.</param>
/// <param name="Seq">Increases with every voltage the node sends; an older one arriving late is ignored.</param>
/// <param name="WantsReply">Answer this node with the Norton equivalent even if nothing changed (refresh after losses).</param>
/// <param name="Tick">Continuous learning: the clock tick this voltage was stepped at (0: none); an edge integrates its update up to the tick before it reads the voltage.</param>
[MessagePackObject]
public sealed record NodeVoltage(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Seq,
    [property: Key(2)] int Node,
    [property: Key(3)] double Free,
    [property: Key(4)] double Clamped,
    [property: Key(5)] bool WantsReply,
    [property: Key(6)] int Tick = 0) : IEngineMessage;

/// <summary>
/// The experimenter sets an edge up for a phase: a new element when learning replaced it
/// (null: keep), and which terminals are held in both twins (bit 0: From, bit 1: To), since a
/// node held in both twins needs no news. With <paramref name="Dt"/> above 0 (continuous learning)
/// the edge integrates its update over <paramref name="Dt"/> of training step <paramref name="Step"/>
/// at every clock tick of the phase, from the drops it sees when the tick comes.
/// </summary>
[MessagePackObject]
public sealed record EdgePhase(
    [property: Key(0)] int Phase,
    [property: Key(1)] Serialization.ElementWire? Element,
    [property: Key(2)] byte HeldEnds,
    [property: Key(3)] double Dt = 0,
    [property: Key(4)] long Step = 0) : IEngineMessage;

/// <summary>
/// A fresh start (see <see cref="Nodes.NodeReset"/>): the edge takes this element and its
/// terminals' voltages in both twins (a: From, b: To), and forgets what it told its nodes, as a
/// newly wired edge does: it answers both at the next phase's set-up.
/// </summary>
[MessagePackObject]
public sealed record EdgeReset(
    [property: Key(0)] int Phase,
    [property: Key(1)] Serialization.ElementWire Element,
    [property: Key(2)] double AFree,
    [property: Key(3)] double AClamped,
    [property: Key(4)] double BFree,
    [property: Key(5)] double BClamped) : IEngineMessage;

/// <summary>
/// The experimenter reads what an edge believes its terminals' voltages are: the view its learning
/// rule reads. Answered with a <see cref="Coordination.EdgeReading"/>.
/// </summary>
[MessagePackObject]
public sealed record EdgeProbe([property: Key(0)] int Phase) : IEngineMessage;
