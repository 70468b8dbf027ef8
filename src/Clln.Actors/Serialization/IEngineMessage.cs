using Clln.Actors.Coordination;
using Clln.Actors.Edges;
using Clln.Actors.Nodes;
using MessagePack;

namespace Clln.Actors.Serialization;

/// <summary>
/// Marks a message of the engine's protocol. Every such type is a MessagePack object listed in
/// <see cref="ProtocolRegistry"/>, so it can cross a process boundary through <see cref="CllnSerializer"/>.
/// The union lists the messages an actor may send to an actor of another partition (they travel
/// inside <see cref="Members.Routed"/>); any other payload is refused there.
/// </summary>
[Union(0, typeof(NodeVoltage))]
[Union(1, typeof(EdgeNorton))]
[Union(2, typeof(NodePhase))]
[Union(3, typeof(EdgePhase))]
[Union(4, typeof(Tick))]
[Union(5, typeof(Probe))]
[Union(6, typeof(Learn))]
[Union(7, typeof(Ready))]
[Union(8, typeof(NodeReading))]
[Union(9, typeof(Diverged))]
[Union(10, typeof(Learned))]
[Union(11, typeof(NodeReset))]
[Union(12, typeof(EdgeReset))]
[Union(13, typeof(EdgeProbe))]
[Union(14, typeof(EdgeReading))]
[Union(15, typeof(Members.StepFrom))]
[Union(16, typeof(Members.StepDone))]
[Union(17, typeof(Members.StepsStopped))]
public interface IEngineMessage;
