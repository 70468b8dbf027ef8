using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Clln.Actors.Hosting;

/// <summary>
/// The mailbox of node and edge actors: a small ring buffer under a lock that starts empty and
/// grows by doubling. Akka's default unbounded mailbox is a ConcurrentQueue, whose first segment
/// alone (32 slots) costs about 600 bytes per actor, more than a node's whole state; relaxation
/// mailboxes rarely hold more than a few messages.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>A lock-protected growable ring of envelopes (see <see cref="CompactMailbox"/>).</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private Envelope[] _ring = [];
    private int _head;
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (this)
        {
            if (_count == _ring.Length) Grow();
            _ring[(_head + _count) % _ring.Length] = envelope;
            Volatile.Write(ref _count, _count + 1);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (this)
        {
            if (_count == 0)
            {
                envelope = default;
                return false;
            }
            envelope = _ring[_head];
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Volatile.Write(ref _count, _count - 1);
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    private void Grow()
    {
        var bigger = new Envelope[Math.Max(2, 2 * _ring.Length)];
        for (var i = 0; i < _count; i++) bigger[i] = _ring[(_head + i) % _ring.Length];
        _ring = bigger;
        _head = 0;
    }
}
