using System.Runtime.InteropServices;
using Akka.Actor;
using Clln.Actors.Coordination;

namespace Clln.Actors.Wiring;

/// <summary>
/// The member's quiescence detector: the number of engine messages sent but not yet retired. It
/// reaches zero exactly when no message is in flight (on a wire, in a delay, in a mailbox), no
/// actor is handling one and no actor holds one unretired, and then it tells the coordinator
/// <see cref="Quiet"/>.
/// </summary>
/// <remarks>
/// This is Dijkstra-Scholten's deficit count collapsed to one counter, which is exact on one
/// member because the counter is read atomically (a cluster keeps one per member and collects
/// them in two waves). The invariant that makes it never fire early: a handler registers the
/// messages it is about to send *before* its own messages are retired and before it sends them,
/// in one step, <see cref="Settle"/>. So the count cannot touch zero while work remains.
/// An actor may hold back the retirement of messages it has handled (a node retires all the news
/// of one wake-up together, when its mailbox runs dry): the count is then only higher than the
/// work left, never lower, and one atomic add pays for the whole batch. A handler that retires
/// one message and sends one changes nothing and skips the add.
/// Lost messages are never counted; delayed ones are counted while they wait.
/// Also tallies the traffic for the statistics, on counters of their own (see <see cref="StripedCounter"/>).
/// <para>
/// Across members (see <see cref="Members.BorderOutbox"/>): a message leaving the member is
/// <see cref="Depart"/>ed (counted out on its channel, then retired here) and one arriving is
/// <see cref="Arrive"/>d (counted here, then counted in on its channel), so the count stays exact
/// for the member's own work and hits zero when the member is idle. A message between the two is
/// on no member's count but makes its channel's out and in counts differ; the coordinator's
/// <see cref="Members.PartitionReports"/> declares silence only when every partition's latest
/// report is idle and every channel's counts agree. Both happen only in the turn of the member's
/// owner (its partition host, or the coordinator), so the owner reads them consistently.
/// </para>
/// </remarks>
internal sealed class Quiescence
{
    private readonly PaddedCount _pending = new();
    private readonly StripedCounter _hot = new();
    private readonly StripedCounter _control = new();
    private readonly StripedCounter _dropped = new();
    private readonly StripedCounter _updates = new();
    private long[] _sentTo = [];       // per channel (partition, then the coordinator): messages counted out
    private long[] _receivedFrom = []; // per channel: messages counted in
    private long _crossMember;
    private IActorRef _coordinator = ActorRefs.Nobody;

    public void Attach(IActorRef coordinator) => _coordinator = coordinator;

    /// <summary>
    /// Runs before the coordinator starts work from silence: in a cluster, it publishes the
    /// settings the coordinator may have changed at the barrier to every member (see <see cref="Launch"/>).
    /// </summary>
    public Action? BeforeLaunch { get; set; }

    /// <summary>The other members' traffic as last collected by the coordinator (zero on one member).</summary>
    public Traffic Elsewhere { get; set; }

    /// <summary>
    /// Retires <paramref name="retired"/> handled messages (at least the one being handled) and
    /// registers <paramref name="sends"/> new ones, which must be sent only after this call.
    /// </summary>
    public void Settle(int sends, int retired = 1)
    {
        var change = sends - retired;
        if (change == 0) return; // the new messages stand in for the retired ones: at least one is still counted
        var left = Interlocked.Add(ref _pending.Value, change);
        if (left == 0) _coordinator.Tell(Quiet.Instance);
        else if (left < 0) throw new InvalidOperationException("quiescence count went negative: a message was retired twice");
    }

    /// <summary>The coordinator starts work from silence (not while handling an engine message).</summary>
    public void Launch(int sends)
    {
        BeforeLaunch?.Invoke();
        if (sends == 0)
        {
            _coordinator.Tell(Quiet.Instance);
            return;
        }
        Interlocked.Add(ref _pending.Value, sends);
    }

    /// <summary>A run spread over members numbers its channels: each partition, then the coordinator.</summary>
    public void UseChannels(int channels)
    {
        _sentTo = new long[channels];
        _receivedFrom = new long[channels];
    }

    /// <summary>
    /// <paramref name="count"/> counted messages leave on <paramref name="channel"/> (they were
    /// registered by the handlers or launch that sent them), <paramref name="crossMemberLinks"/> of
    /// them node-edge messages whose link crosses members. The owner's turn only.
    /// </summary>
    public void Depart(int channel, int count, int crossMemberLinks)
    {
        Interlocked.Add(ref _sentTo[channel], count); // a deferred lane departs from its actors' threads
        if (crossMemberLinks > 0) Interlocked.Add(ref _crossMember, crossMemberLinks);
        var left = Interlocked.Add(ref _pending.Value, -count);
        if (left == 0) _coordinator.Tell(Quiet.Instance);
        else if (left < 0) throw new InvalidOperationException("quiescence count went negative: a departing message was never registered");
    }

    /// <summary>
    /// A message counted out on <paramref name="channel"/> into a deferred lane was replaced there
    /// by a newer one of the same link and will never go: counted back.
    /// </summary>
    public void Recall(int channel, int crossMemberLinks)
    {
        Interlocked.Decrement(ref _sentTo[channel]);
        if (crossMemberLinks > 0) Interlocked.Add(ref _crossMember, -crossMemberLinks);
    }

    /// <summary>A message from <paramref name="channel"/> arrives, to be handed to a local actor (which settles it). The owner's turn only.</summary>
    public void Arrive(int channel)
    {
        Interlocked.Increment(ref _pending.Value);
        _receivedFrom[channel]++;
    }

    /// <summary>A message waiting at the border was replaced by a newer one of the same link: retired unsent.</summary>
    public void Supersede() => Settle(0);

    public long Pending => Interlocked.Read(ref _pending.Value);

    /// <summary>Per channel, the messages counted out and in so far (read in the owner's turn).</summary>
    public long[] SentTo => _sentTo.ToArray();
    public long[] ReceivedFrom => _receivedFrom.ToArray();
    public long SentOn(int channel) => _sentTo[channel];
    public long ReceivedOn(int channel) => _receivedFrom[channel];

    /// <summary>Node-edge messages (voltages and Norton equivalents) actually put on a link.</summary>
    public long Hot => _hot.Sum + Elsewhere.Hot;

    /// <summary>Clock ticks, readiness reports, probes, phase set-up and a node's reminders to itself.</summary>
    public long Control => _control.Sum + Elsewhere.Control;

    public long Dropped => _dropped.Sum + Elsewhere.Dropped;

    /// <summary>Node relaxation steps (one per node per update).</summary>
    public long Updates => _updates.Sum + Elsewhere.Updates;

    /// <summary>Node-edge messages whose link crosses members.</summary>
    public long CrossMember => Interlocked.Read(ref _crossMember) + Elsewhere.CrossMember;

    /// <summary>This member's own traffic (without <see cref="Elsewhere"/>).</summary>
    public Traffic Own => new(_hot.Sum, _control.Sum, _dropped.Sum, _updates.Sum, Interlocked.Read(ref _crossMember));

    public void CountHot(int n)
    {
        if (n != 0) _hot.Add(n);
    }

    public void CountControl(int n)
    {
        if (n != 0) _control.Add(n);
    }

    public void CountDropped(int n)
    {
        if (n != 0) _dropped.Add(n);
    }

    public void CountUpdate() => _updates.Add(1);

    /// <summary>The count on a cache line of its own, away from the statistics and other objects.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private sealed class PaddedCount
    {
        [FieldOffset(64)] public long Value;
    }
}

/// <summary>Traffic tallies of one member or several: see <see cref="Quiescence"/>.</summary>
internal readonly record struct Traffic(long Hot, long Control, long Dropped, long Updates, long CrossMember)
{
    public static Traffic operator +(Traffic a, Traffic b) =>
        new(a.Hot + b.Hot, a.Control + b.Control, a.Dropped + b.Dropped, a.Updates + b.Updates, a.CrossMember + b.CrossMember);
}
