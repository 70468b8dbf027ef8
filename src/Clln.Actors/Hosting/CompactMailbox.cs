using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Clln.Actors.Hosting;

/// <summary>
/// The mailbox of node and edge actors: one envelope inline, or a small ring buffer while more
/// wait, under a spin lock. Akka's default unbounded mailbox is a ConcurrentQueue, whose first
/// segment alone (32 slots) costs about 600 bytes per actor, more than a node's whole state;
/// relaxation mailboxes rarely hold more than a few messages.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>
/// One envelope held inline, or a growable ring of them (its length a power of two) while two or
/// more wait; under a spin lock (see <see cref="CompactMailbox"/>).
/// </summary>
/// <remarks>
/// Memory per actor counts. Most turns find one message waiting (an edge hears one terminal at a
/// time), and a settled network has every mailbox empty, so the ring exists only while it is
/// needed: a second waiting envelope brings it, and it goes as soon as the mailbox drains. A node
/// that hears its edges in a burst pays one small allocation per burst; a kept ring cost about 77
/// bytes an actor at rest (a million-actor graph, 2026-12-07).
/// The lock is the top bit of the word that holds the count, so it costs no memory, and taking it
/// is one compare-and-swap: a monitor lock went through the runtime's native helpers on every
/// message and cost about a tenth of the engine's time. Critical sections are a few
/// instructions, held by one sender or the owner, so spinning is short.
/// </remarks>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private const int Locked = int.MinValue; // the top bit of _state
    private Envelope _single;   // the one waiting envelope while there is no ring
    private Envelope[]? _ring;  // every waiting envelope, oldest at _head, while two or more have waited since the mailbox last drained
    private int _head;
    private int _state; // the number of envelopes, with the lock bit on top while someone holds it

    public bool HasMessages => (Volatile.Read(ref _state) & ~Locked) > 0;

    public int Count => Volatile.Read(ref _state) & ~Locked;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var count = Lock();
        if (_ring is { } ring)
        {
            if (count == ring.Length) ring = Grow(ring, count);
            ring[(_head + count) & (ring.Length - 1)] = envelope;
        }
        else if (count == 0) _single = envelope;
        else
        {
            _ring = [_single, envelope, default, default];
            _single = default;
            _head = 0;
        }
        // Unlocks with a full fence: the sender reads the mailbox's status next, and a plain store
        // may still sit in this core's store buffer while the owner, finishing its run, sees the
        // old count and goes idle; neither would then schedule the mailbox (a lost wake-up).
        Interlocked.Exchange(ref _state, count + 1);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (!HasMessages)
        {
            envelope = default;
            return false;
        }
        var count = Lock();
        if (count == 0)
        {
            Volatile.Write(ref _state, 0);
            envelope = default;
            return false;
        }
        if (_ring is { } ring)
        {
            envelope = ring[_head];
            ring[_head] = default;
            _head = (_head + 1) & (ring.Length - 1);
            if (count == 1) _ring = null; // drained: the ring goes
        }
        else
        {
            envelope = _single;
            _single = default;
        }
        Volatile.Write(ref _state, count - 1); // unlocks
        return true;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }

    /// <summary>Takes the lock; returns the count it guards.</summary>
    private int Lock()
    {
        var spin = new SpinWait();
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if ((state & Locked) == 0 && Interlocked.CompareExchange(ref _state, state | Locked, state) == state) return state;
            spin.SpinOnce();
        }
    }

    private Envelope[] Grow(Envelope[] ring, int count)
    {
        var bigger = new Envelope[2 * ring.Length];
        for (var i = 0; i < count; i++) bigger[i] = ring[(_head + i) & (ring.Length - 1)];
        _head = 0;
        return _ring = bigger;
    }
}
