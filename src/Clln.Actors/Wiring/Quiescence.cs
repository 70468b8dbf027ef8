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
/// </remarks>
internal sealed class Quiescence
{
    private long _pending;
    private long _hot;
    private long _control;
    private long _dropped;
    private long _updates;
    private IActorRef _coordinator = ActorRefs.Nobody;

    public void Attach(IActorRef coordinator) => _coordinator = coordinator;

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
        if (sends == 0)
        {
            _coordinator.Tell(Quiet.Instance);
            return;
        }
        Interlocked.Add(ref _pending, sends);
    }

    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Node-edge messages (voltages and Norton equivalents) actually put on a link.</summary>
    public long Hot => Interlocked.Read(ref _hot);

    /// <summary>Clock ticks, readiness reports, probes, phase set-up and a node's reminders to itself.</summary>
    public long Control => Interlocked.Read(ref _control);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Node relaxation steps (one per node per update).</summary>
    public long Updates => Interlocked.Read(ref _updates);

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
