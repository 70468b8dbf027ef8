using System.Diagnostics;
using Akka.Actor;

namespace Clln.Actors.Faults;

/// <summary>
/// Where delayed messages wait: one thread per member holding them in order of arrival time and
/// putting each on its target's mailbox when due. Akka's scheduler ticks every 10 ms at best,
/// which would swallow delays of a few milliseconds; this sleeps until a millisecond before the
/// next message is due and yields the processor from there, so delays of tens of microseconds
/// keep their size, and it never reorders two messages due at the same time (ties go first-in first-out).
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly PriorityQueue<Parcel, (double Due, long Order)> _waiting = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private long _order;

    /// <summary>Milliseconds: a message due sooner than this is waited for by yielding the processor, not by a timed sleep.</summary>
    private const double SpinWithinMs = 1.0;
    private bool _stopped;

    public DelayLine()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "clln-delay-line" };
        _thread.Start();
    }

    /// <summary>Milliseconds on this line's clock.</summary>
    public double NowMs => _clock.Elapsed.TotalMilliseconds;

    public void Send(IActorRef target, object message, IActorRef sender, double delayMs)
    {
        lock (_waiting)
        {
            var due = NowMs + delayMs;
            var wasFirst = _waiting.Count == 0 || due < _waiting.Peek().Due;
            _waiting.Enqueue(new Parcel(target, message, sender, due), (due, _order++));
            if (wasFirst) Monitor.Pulse(_waiting);
        }
    }

    private void Run()
    {
        var ready = new List<Parcel>();
        while (true)
        {
            lock (_waiting)
            {
                if (_stopped) return;
                var now = NowMs;
                while (_waiting.Count > 0 && _waiting.Peek().Due <= now) ready.Add(_waiting.Dequeue());
                if (ready.Count == 0 && _waiting.Count == 0)
                {
                    Monitor.Wait(_waiting);
                    continue;
                }
                if (ready.Count == 0 && _waiting.Peek().Due - now > SpinWithinMs)
                {
                    // The operating system's timer wakes about a millisecond late: sleep until just before.
                    Monitor.Wait(_waiting, TimeSpan.FromMilliseconds(_waiting.Peek().Due - now - SpinWithinMs));
                    continue;
                }
            }
            if (ready.Count == 0)
            {
                Thread.Yield(); // due within a millisecond: wait by yielding, to keep sub-millisecond delays
                continue;
            }
            foreach (var p in ready) p.Target.Tell(p.Message, p.Sender);
            ready.Clear();
        }
    }

    public void Dispose()
    {
        lock (_waiting)
        {
            _stopped = true;
            Monitor.Pulse(_waiting);
        }
    }

    private readonly record struct Parcel(IActorRef Target, object Message, IActorRef Sender, double Due);
}
