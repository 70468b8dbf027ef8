using Akka.Actor;
using Clln.Actors.Coordination;

namespace Clln.Actors.Wiring;

/// <summary>
/// The member's quiescence detector: the number of engine messages sent but not yet fully
/// handled. It reaches zero exactly when no message is in flight (on a wire, in a delay, in a
/// mailbox) and no actor is handling one, and then it tells the coordinator <see cref="Quiet"/>.
/// </summary>
/// <remarks>
/// This is Dijkstra-Scholten's deficit count collapsed to one counter, which is exact on one
/// member because the counter is read atomically (a cluster keeps one per member and collects
/// them in two waves). The invariant that makes it never fire early: a handler registers the
/// messages it is about to send *before* its own message is retired and before it sends them,
/// in one step, <see cref="Settle"/>. So the count cannot touch zero while work remains.
/// Lost messages are never counted; delayed ones are counted while they wait.
/// Also tallies the traffic for the statistics.
/// <para>
/// Across members (see <see cref="Members.BorderRef"/>): a message leaving the member is
/// <see cref="Depart"/>ed (counted out, then retired here) and one arriving is
/// <see cref="Arrive"/>d (counted here, then counted in), so the count stays exact for the
/// member's own work and hits zero when the member is idle. A message between the two is on no
/// member's count but makes the members' out and in totals differ; the coordinator's
/// <see cref="Members.QuiescenceWaves"/> declares silence only when two successive readings of
/// every member agree, show every count at zero and the totals balanced.
/// </para>
/// </remarks>
internal sealed class Quiescence
{
    private long _pending;
    private long _hot;
    private long _control;
    private long _dropped;
    private long _updates;
    private long _departed;
    private long _arrived;
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

    /// <summary>Retires the message being handled and registers <paramref name="sends"/> new ones, which must be sent only after this call.</summary>
    public void Settle(int sends)
    {
        var left = Interlocked.Add(ref _pending, sends - 1);
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
        Interlocked.Add(ref _pending, sends);
    }

    /// <summary>A counted message leaves for another member (it was registered by the handler or launch that sends it).</summary>
    public void Depart(bool crossMemberLink)
    {
        Interlocked.Increment(ref _departed);
        if (crossMemberLink) Interlocked.Increment(ref _crossMember);
        var left = Interlocked.Decrement(ref _pending);
        if (left == 0) _coordinator.Tell(Quiet.Instance);
        else if (left < 0) throw new InvalidOperationException("quiescence count went negative: a departing message was never registered");
    }

    /// <summary>A message from another member arrives, to be handed to a local actor (which settles it).</summary>
    public void Arrive()
    {
        Interlocked.Increment(ref _pending);
        Interlocked.Increment(ref _arrived);
    }

    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Messages that left for and arrived from other members (for the coordinator's waves).</summary>
    public long Departed => Interlocked.Read(ref _departed);
    public long Arrived => Interlocked.Read(ref _arrived);

    /// <summary>Node-edge messages (voltages and Norton equivalents) actually put on a link.</summary>
    public long Hot => Interlocked.Read(ref _hot) + Elsewhere.Hot;

    /// <summary>Clock ticks, readiness reports, probes, phase set-up and a node's reminders to itself.</summary>
    public long Control => Interlocked.Read(ref _control) + Elsewhere.Control;

    public long Dropped => Interlocked.Read(ref _dropped) + Elsewhere.Dropped;

    /// <summary>Node relaxation steps (one per node per update).</summary>
    public long Updates => Interlocked.Read(ref _updates) + Elsewhere.Updates;

    /// <summary>Node-edge messages whose link crosses members.</summary>
    public long CrossMember => Interlocked.Read(ref _crossMember) + Elsewhere.CrossMember;

    /// <summary>This member's own traffic (without <see cref="Elsewhere"/>).</summary>
    public Traffic Own => new(Interlocked.Read(ref _hot), Interlocked.Read(ref _control), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _updates), Interlocked.Read(ref _crossMember));

    public void CountHot(int n)
    {
        if (n != 0) Interlocked.Add(ref _hot, n);
    }

    public void CountControl(int n)
    {
        if (n != 0) Interlocked.Add(ref _control, n);
    }

    public void CountDropped(int n)
    {
        if (n != 0) Interlocked.Add(ref _dropped, n);
    }

    public void CountUpdate() => Interlocked.Increment(ref _updates);
}

/// <summary>Traffic tallies of one member or several: see <see cref="Quiescence"/>.</summary>
internal readonly record struct Traffic(long Hot, long Control, long Dropped, long Updates, long CrossMember)
{
    public static Traffic operator +(Traffic a, Traffic b) =>
        new(a.Hot + b.Hot, a.Control + b.Control, a.Dropped + b.Dropped, a.Updates + b.Updates, a.CrossMember + b.CrossMember);
}
