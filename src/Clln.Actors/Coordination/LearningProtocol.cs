using Clln.Actors.Serialization;
using Clln.Core.Training;
using MessagePack;

namespace Clln.Actors.Coordination;

// Learning: the engine's API asks for one tick of the learning clock; the coordinator passes it
// to every edge and collects what the edges report (it reads the new elements as the lab reads
// resistances, and needs them to certify the next phase; it computes no update itself).

/// <summary>
/// Tick every edge's learning clock for step <paramref name="Step"/>: learn now, add to the batch,
/// or apply the batch; or (<paramref name="Through"/> above 0) complete the continuous integration
/// of the phase that just ticked that many times.
/// </summary>
[MessagePackObject]
public sealed record LearnStep([property: Key(0)] long Step, [property: Key(1)] LearnMode Mode = LearnMode.Now, [property: Key(2)] int Through = 0) : IEngineMessage;

/// <summary>An edge's element after a learning tick; null when it did not change.</summary>
[MessagePackObject]
public sealed record Learned(
    [property: Key(0)] int Phase,
    [property: Key(1)] int Edge,
    [property: Key(2)] ElementWire? Element) : IEngineMessage;

/// <summary>Every edge's element after the tick, and how many edges changed.</summary>
[MessagePackObject]
public sealed record LearnOutcome(
    [property: Key(0)] ElementWire[] Elements,
    [property: Key(1)] int Changed) : IEngineMessage;
