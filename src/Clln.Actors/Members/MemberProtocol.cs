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

    /// <summary>The receiving partition's host itself: its clock (see <see cref="PartitionClock"/>).</summary>
    Host = 3,
}

/// <summary>An engine message for actor <paramref name="Index"/> of the receiving partition (or its coordinator).</summary>
[MessagePackObject]
public sealed record Routed(
    [property: Key(0)] Recipient To,
    [property: Key(1)] int Index,
    [property: Key(2)] IEngineMessage Payload) : IEngineMessage;

/// <summary>
/// Engine messages from one member's partition (or its coordinator) to another's, sent together:
/// everything its actors put on the border since the last batch to that destination went (see
/// <see cref="BorderOutbox"/>). <paramref name="From"/> is the sender's channel: a partition
/// number, or the number of partitions for the coordinator; the receiver counts the items on that
/// channel and acknowledges, unless <paramref name="Ack"/> is false (a partition clock's step
/// batch: the steps themselves pace the lanes).
/// </summary>
[MessagePackObject]
public sealed record RoutedBatch(
    [property: Key(0)] int From,
    [property: Key(1)] Routed[] Items,
    [property: Key(2)] bool Ack = true) : IEngineMessage;

/// <summary>A batch was taken by channel <paramref name="By"/> (a partition, or the coordinator's): its sender may send the next.</summary>
[MessagePackObject]
public sealed record BatchTaken([property: Key(0)] int By) : IEngineMessage;

/// <summary>
/// A partition's report to the coordinator, read in one turn of its host: whether it is idle
/// (nothing in flight from it, queued or being handled on it), how many engine messages it has
/// sent to and received from every other partition and the coordinator (index = partition number;
/// the last: the coordinator), and its traffic tallies. A host reports each time it falls idle,
/// and when polled. The coordinator declares silence when every partition's latest report is idle
/// and the reports and its own counts agree channel by channel (see <see cref="PartitionReports"/>).
/// </summary>
[MessagePackObject]
public sealed record PartitionReport(
    [property: Key(0)] int Partition,
    [property: Key(1)] long Sequence,
    [property: Key(2)] bool Idle,
    [property: Key(3)] long[] SentTo,
    [property: Key(4)] long[] ReceivedFrom,
    [property: Key(5)] long Hot,
    [property: Key(6)] long Control,
    [property: Key(7)] long Dropped,
    [property: Key(8)] long Updates,
    [property: Key(9)] long CrossMember) : IEngineMessage;

/// <summary>The coordinator asks a partition for a <see cref="PartitionReport"/> now, idle or not (the free-running guard reads its tallies).</summary>
[MessagePackObject]
public sealed record ReportPoll : IEngineMessage
{
    public static readonly ReportPoll Instance = new();
}

/// <summary>
/// The settings the coordinator changes only at a barrier (threshold, omega, halt), published to
/// every partition before the work that follows it (the same sender, so it arrives first).
/// </summary>
[MessagePackObject]
public sealed record MemberSettings(
    [property: Key(0)] double Threshold,
    [property: Key(1)] double Omega,
    [property: Key(2)] bool Halted) : IEngineMessage;

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
