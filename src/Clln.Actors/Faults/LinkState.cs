using Akka.Actor;
using Clln.Actors.Wiring;

namespace Clln.Actors.Faults;

/// <summary>
/// One end of a node-edge link as its owner sees it: the link's random stream (for losses,
/// delays and measurement noise) and, for first-in first-out links, when its last message lands.
/// </summary>
/// <param name="slowdown">How many times the link delay this end's messages take: a straggler's factor, else 1.</param>
internal struct LinkState(ulong stream, double slowdown = 1.0)
{
    private ulong _stream = stream;
    private double _lastArrivalMs;

    /// <summary>
    /// What happens to the next message on this link: -1 when it is lost, else its delay in
    /// milliseconds (0 for none). Draws in a fixed order (loss, then delay), so a link's fate
    /// depends only on how many messages it has carried.
    /// </summary>
    public double Fate(EngineSettings settings)
    {
        if (settings.Drop > 0 && SplitMix.NextDouble(ref _stream) < settings.Drop) return -1;
        var ms = settings.Delay is { } delay ? slowdown * delay.SampleMs(ref _stream)
            : slowdown > 1 ? slowdown * EngineSettings.StragglerBaseDelayMs
            : 0;
        if (ms == 0) return 0;
        if (settings.Reorder) return ms;
        // Keep the link in order: a message never lands before the one sent ahead of it.
        var now = settings.NowMs;
        var arrival = Math.Max(now + ms, _lastArrivalMs);
        _lastArrivalMs = arrival;
        return arrival - now;
    }

    /// <summary>A measurement through this link: <paramref name="value"/> plus Gaussian noise of deviation <paramref name="sigma"/>.</summary>
    public double Measure(double value, double sigma) =>
        sigma > 0 ? value + sigma * SplitMix.NextGaussian(ref _stream) : value;

    /// <summary>Puts a message on the wire with the delay <see cref="Fate"/> gave (which must not be -1).</summary>
    public static void Deliver(IActorRef target, object message, double delayMs, IActorRef sender, EngineSettings settings)
    {
        if (delayMs <= 0) target.Tell(message, sender);
        else settings.DelayLine!.Send(target, message, sender, delayMs);
    }
}

/// <summary>Which actor owns a link stream: keeps node, edge streams apart for one seed.</summary>
internal static class LinkStreams
{
    public const int NodeSide = 1;
    public const int EdgeSide = 2;
}
