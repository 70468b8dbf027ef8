using Akka.Actor;
using Clln.Actors.Serialization;
using MessagePack;

namespace Clln.Actors.Members;

// Between the coordinator and the partition hosts of a run spread over members. The hot path
// adds only Routed (one wrapper per message that crosses partitions); everything else happens
// at wiring, at a barrier, or after a member change.

/// <summary>Which actor of a partition a routed message is for.</summary>
public enum Recipient : byte
{
    Node = 0,
    Edge = 1,
    Coordinator = 2,
}

/// <summary>An engine message for actor <paramref name="Index"/> of the receiving partition (or its coordinator).</summary>
[MessagePackObject]
public sealed record Routed(
    [property: Key(0)] Recipient To,
    [property: Key(1)] int Index,
    [property: Key(2)] IEngineMessage Payload) : IEngineMessage;

/// <summary>
/// The settings the coordinator changes only at a barrier (threshold, omega, halt), published to
/// every partition before the work that follows it (the same sender, so it arrives first).
/// </summary>
[MessagePackObject]
public sealed record MemberSettings(
    [property: Key(0)] double Threshold,
    [property: Key(1)] double Omega,
    [property: Key(2)] bool Halted) : IEngineMessage;

/// <summary>One wave of the coordinator's quiescence check: every partition reports its counts.</summary>
[MessagePackObject]
public sealed record CountPoll([property: Key(0)] int Wave) : IEngineMessage;

/// <summary>A partition's quiescence counts and traffic tallies at one wave.</summary>
[MessagePackObject]
public sealed record MemberCounts(
    [property: Key(0)] int Wave,
    [property: Key(1)] int Partition,
    [property: Key(2)] long Pending,
    [property: Key(3)] long Departed,
    [property: Key(4)] long Arrived,
    [property: Key(5)] long Hot,
    [property: Key(6)] long Control,
    [property: Key(7)] long Dropped,
    [property: Key(8)] long Updates,
    [property: Key(9)] long CrossMember) : IEngineMessage;

/// <summary>
/// One piece of a <see cref="WiringPlan"/> for partition <paramref name="Partition"/> of run
/// <paramref name="Run"/>: a plan is cut into pieces well under Akka's 128,000-byte frame.
/// </summary>
[MessagePackObject]
public sealed record WiringChunk(
    [property: Key(0)] string Run,
    [property: Key(1)] int Partition,
    [property: Key(2)] int Index,
    [property: Key(3)] int Count,
    [property: Key(4)] byte[] Bytes) : IEngineMessage;

/// <summary>A host's answer to a chunk: received, and after the last one, its actors spawned.</summary>
[MessagePackObject]
public sealed record ChunkTaken(
    [property: Key(0)] string Run,
    [property: Key(1)] int Partition,
    [property: Key(2)] int Index,
    [property: Key(3)] IActorRef Host) : IEngineMessage;

/// <summary>
/// The host reference of every partition, sent to each host once the network is wired and again
/// after any member change. Node and edge actors are the hosts' children, named as on one member.
/// </summary>
[MessagePackObject]
public sealed record RefTable(
    [property: Key(0)] string Run,
    [property: Key(1)] IActorRef Coordinator,
    [property: Key(2)] IActorRef[] Hosts) : IEngineMessage;

/// <summary>A host's answer to a <see cref="RefTable"/>: its board now points at every partition.</summary>
[MessagePackObject]
public sealed record RefTableApplied([property: Key(0)] string Run, [property: Key(1)] int Partition) : IEngineMessage;

/// <summary>The run is over: the host stops its actors and passivates.</summary>
[MessagePackObject]
public sealed record EndRun([property: Key(0)] string Run, [property: Key(1)] int Partition) : IEngineMessage;

/// <summary>
/// To the coordinator, from the cluster layer on its own member: a member hosting partitions was
/// removed from the cluster (never crosses members).
/// </summary>
public sealed record PartitionLost(string Reason) : INoSerializationVerificationNeeded;
