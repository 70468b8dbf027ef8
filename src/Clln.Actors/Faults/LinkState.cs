using Akka.Actor;
using Clln.Actors.Wiring;

namespace Clln.Actors.Faults;

/// <summary>
/// One end of a node-edge link as its owner sees it: the link's random stream (for losses,
/// delays and measurement noise) and, for first-in first-out links, when its last message lands.
/// </summary>
/// <remarks>
/// A lossy link has a link layer that repairs its own losses, as a real one does: every
/// transmission is lost with probability <see cref="EngineSettings.Drop"/>; the sender, hearing no
/// acknowledgement within the retransmission timeout (a round trip, twice the link's mean
/// delay; none on links without delay), sends the same message again; so a loss costs one more
/// transmission and a wait, on that link alone. Acknowledgements are modelled as reliable and
/// free (the link layer's return channel): a lost one would only cost a duplicate that the
/// receiver discards by its sequence number. On a first-in first-out link a retransmitted message
/// holds back the ones sent after it (head-of-line blocking), as TCP does.
/// </remarks>
/// <param name="slowdown">How many times the link delay this end's messages take: a straggler's factor, else 1.</param>
internal struct LinkState(ulong stream, double slowdown = 1.0)
{
    /// <summary>
    /// Transmissions of one message before the link layer gives up on it (then only the
    /// coordinator's refresh, the last resort, repairs the loss). At the highest loss rates people
    /// study (0.3) giving up happens once in 10^52 messages.
    /// </summary>
    public const int MaxTransmissions = 100;

    private ulong _stream = stream;
    private double _lastArrivalMs;

    /// <summary>
    /// Puts the next message through the link layer: how many of its transmissions were lost, and
    /// the delay in milliseconds until the one that got through lands (0 for none; -1 when the
    /// link gave up). Draws in a fixed order (a loss per transmission, then the delay), so a
    /// link's fate depends only on how many messages it has carried.
    /// </summary>
    public Transmission Transmit(EngineSettings settings)
    {
        var lost = 0;
        var waitedMs = 0.0;
        if (settings.Drop > 0)
            while (SplitMix.NextDouble(ref _stream) < settings.Drop)
            {
                if (++lost == MaxTransmissions) return new Transmission(-1, lost);
                waitedMs += 2 * MeanDelayMs(settings);
            }
        var ms = waitedMs + (settings.Delay is { } delay ? slowdown * delay.SampleMs(ref _stream) : MeanDelayMs(settings));
        if (ms == 0) return new Transmission(0, lost);
        if (settings.Reorder) return new Transmission(ms, lost);
        // Keep the link in order: a message never lands before the one sent ahead of it.
        var now = settings.NowMs;
        var arrival = Math.Max(now + ms, _lastArrivalMs);
        _lastArrivalMs = arrival;
        return new Transmission(arrival - now, lost);
    }

    /// <summary>This end's mean one-way delay: the link delay's mean (times a straggler's factor), or a straggler's base delay.</summary>
    private readonly double MeanDelayMs(EngineSettings settings) =>
        settings.Delay is { } delay ? slowdown * delay.MeanMs
        : slowdown > 1 ? slowdown * EngineSettings.StragglerBaseDelayMs
        : 0;

    /// <summary>A measurement through this link: <paramref name="value"/> plus Gaussian noise of deviation <paramref name="sigma"/>.</summary>
    public double Measure(double value, double sigma) =>
        sigma > 0 ? value + sigma * SplitMix.NextGaussian(ref _stream) : value;

    /// <summary>Puts a message on the wire with the delay <see cref="Transmit"/> gave (which must not be -1).</summary>
    public static void Deliver(IActorRef target, object message, double delayMs, IActorRef sender, EngineSettings settings)
    {
        if (delayMs <= 0) target.Tell(message, sender);
        else settings.DelayLine!.Send(target, message, sender, delayMs);
    }
}

/// <summary>What the link layer did with one message (see <see cref="LinkState.Transmit"/>).</summary>
/// <param name="DelayMs">Milliseconds until the message lands; -1 when the link gave up on it.</param>
/// <param name="Lost">Transmissions of it that were lost.</param>
internal readonly record struct Transmission(double DelayMs, int Lost)
{
    public bool Delivered => DelayMs >= 0;
}

/// <summary>Which actor owns a link stream: keeps node, edge streams apart for one seed.</summary>
internal static class LinkStreams
{
    public const int NodeSide = 1;
    public const int EdgeSide = 2;
}
