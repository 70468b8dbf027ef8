using Clln.Actors.Serialization;
using Clln.Core.Training;
using MessagePack;

namespace Clln.Actors.Edges;

/// <summary>
/// The learning clock's tick for step <paramref name="Step"/>: an edge whose own clock fires at
/// this step updates its element from its own last free and clamped drops (or adds their contrast
/// to its batch, or applies the batch's mean: <paramref name="Mode"/>), then reports it. With
/// <paramref name="Through"/> above 0 (continuous learning) the edge has integrated its update
/// while the phase ticked: it completes the integration through that tick, and reports.
/// </summary>
[MessagePackObject]
public sealed record Learn([property: Key(0)] int Phase, [property: Key(1)] long Step, [property: Key(2)] LearnMode Mode = LearnMode.Now, [property: Key(3)] int Through = 0) : IEngineMessage;
