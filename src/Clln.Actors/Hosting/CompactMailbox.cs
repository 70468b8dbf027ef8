using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Clln.Actors.Hosting;

/// <summary>
/// The mailbox of node and edge actors: a small ring buffer under a spin lock that starts empty
/// and grows by doubling. Akka's default unbounded mailbox is a ConcurrentQueue, whose first
/// segment alone (32 slots) costs about 600 bytes per actor, more than a node's whole state;
/// relaxation mailboxes rarely hold more than a few messages.
/// </summary>
public sealed class CompactMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<CompactMessageQueue>
{
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>A growable ring of envelopes, its length a power of two, under a spin lock (see <see cref="CompactMailbox"/>).</summary>
/// <remarks>
/// The lock is the top bit of the word that holds the count, so it costs no memory, and taking it
/// is one compare-and-swap: a monitor lock went through the runtime's native helpers on every
/// message and cost about a tenth of the engine's time. Critical sections are a few
/// instructions, held by one sender or the owner, so spinning is short.
/// </remarks>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private const int Locked = int.MinValue; // the top bit of _state
    private Envelope[] _ring = [];
    private int _head;
    private int _state; // the number of envelopes, with the lock bit on top while someone holds it

    public bool HasMessages => (Volatile.Read(ref _state) & ~Locked) > 0;

    public int Count => Volatile.Read(ref _state) & ~Locked;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        var count = Lock();
        if (count == _ring.Length) Grow(count);
        _ring[(_head + count) & (_ring.Length - 1)] = envelope;
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
        envelope = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) & (_ring.Length - 1);
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

    private void Grow(int count)
    {
        var bigger = new Envelope[Math.Max(2, 2 * _ring.Length)];
        for (var i = 0; i < count; i++) bigger[i] = _ring[(_head + i) & (_ring.Length - 1)];
        _ring = bigger;
        _head = 0;
    }
}
