using System.Diagnostics;
using Akka.Actor;

namespace Clln.Actors.Faults;

/// <summary>
/// Where delayed messages wait: one thread per member holding them in order of arrival time and
/// putting each on its target's mailbox when due. Akka's scheduler ticks every 10 ms at best,
/// which would swallow delays of a few milliseconds; this keeps about 1 ms and never reorders
/// two messages due at the same time (ties go first-in first-out).
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly PriorityQueue<Parcel, (double Due, long Order)> _waiting = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private long _order;
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
                while (!_stopped && (_waiting.Count == 0 || _waiting.Peek().Due > NowMs))
                {
                    var wait = _waiting.Count == 0 ? Timeout.Infinite : (int)Math.Ceiling(_waiting.Peek().Due - NowMs);
                    Monitor.Wait(_waiting, Math.Max(wait, 0) == 0 && wait != Timeout.Infinite ? 1 : wait);
                }
                if (_stopped) return;
                var now = NowMs;
                while (_waiting.Count > 0 && _waiting.Peek().Due <= now) ready.Add(_waiting.Dequeue());
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
