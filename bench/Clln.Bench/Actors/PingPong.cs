using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Clln.Actors.Hosting;

namespace Clln.Bench.Actors;

/// <summary>
/// The ceiling: raw Akka.NET message throughput on this machine, as many ping-pong pairs as
/// cores, each keeping some messages in flight, on the same dispatcher as the engine's actors.
/// </summary>
internal static class PingPong
{
    /// <summary>
    /// The engine's dispatcher with one message per actor turn: ping-pong on it pays a scheduling
    /// for every message, as relaxation does (its actors rarely find more than one or two waiting),
    /// so it is the ceiling for that regime. Not the target's ceiling, which is the best of all.
    /// </summary>
    public const string OneMessagePerTurn = "clln-bench-one-message-per-turn";

    /// <summary>The engine's system configuration plus <see cref="OneMessagePerTurn"/>.</summary>
    public static Config WithOneMessagePerTurn(Config engine) =>
        ConfigurationFactory.ParseString(EngineConfig.DispatcherHocon(OneMessagePerTurn, throughput: 1)).WithFallback(engine);

    /// <summary>
    /// The ceilings of this machine: ping-pong with 1, 16 and 256 messages in flight per pair, a
    /// pair per core, and with 256 in flight at one message per turn; each the best of
    /// <paramref name="runs"/> runs after a warm-up (the machine's speed drifts between runs, and
    /// a ceiling should not be lowered by a slow one).
    /// </summary>
    public static Ceilings Measure(ActorSystem system, int runs = 3, long messagesPerPair = 4_000_000)
    {
        var pairs = Environment.ProcessorCount;
        double BestOf(string dispatcher, int inFlight)
        {
            MessagesPerSecond(system, dispatcher, pairs, inFlight, 200_000); // warm-up
            return Enumerable.Range(0, runs).Max(_ => MessagesPerSecond(system, dispatcher, pairs, inFlight, messagesPerPair));
        }
        var rates = new[] { 1, 16, 256 }.Select(inFlight => (inFlight, BestOf(EngineConfig.DispatcherId, inFlight))).ToArray();
        return new Ceilings(pairs, runs, rates, BestOf(OneMessagePerTurn, 256));
    }

    /// <summary>
    /// The relaxation throughput yardstick (the decision): ping-pong with 256 in flight at
    /// one message per actor turn on the engine's dispatcher, the best of <paramref name="runs"/>
    /// short runs. Measured beside each relaxation, since the machine's speed drifts over minutes.
    /// </summary>
    public static double OneMessagePerTurnRate(ActorSystem system, int runs = 3, long messagesPerPair = 1_000_000) =>
        Enumerable.Range(0, runs).Max(_ => MessagesPerSecond(system, OneMessagePerTurn, Environment.ProcessorCount, 256, messagesPerPair));

    public static double MessagesPerSecond(ActorSystem system, string dispatcher, int pairs, int inFlight, long messagesPerPair)
    {
        var done = new CountdownEvent(pairs);
        var pingers = new List<IActorRef>();
        for (var p = 0; p < pairs; p++)
        {
            var pong = system.ActorOf(Props.Create(() => new Pong()).WithDispatcher(dispatcher));
            pingers.Add(system.ActorOf(Props.Create(() => new Ping(pong, messagesPerPair, done)).WithDispatcher(dispatcher)));
        }
        var watch = Stopwatch.StartNew();
        foreach (var ping in pingers) ping.Tell(new Start(inFlight));
        done.Wait();
        var seconds = watch.Elapsed.TotalSeconds;
        foreach (var ping in pingers) system.Stop(ping);
        return pairs * messagesPerPair / seconds;
    }

    private sealed record Start(int InFlight);

    private sealed record Ball(int Number);

    private sealed class Pong : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    /// <summary>Counts both directions: a ball sent and its return are two messages.</summary>
    private sealed class Ping(IActorRef pong, long messages, CountdownEvent done) : UntypedActor
    {
        private long _received;
        private long _sent;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Start s:
                    for (var i = 0; i < s.InFlight; i++) Serve(i);
                    break;
                case Ball b:
                    _received += 2;
                    if (_received >= messages) done.Signal();
                    else if (_sent < messages) Serve(b.Number);
                    break;
            }
        }

        private void Serve(int number)
        {
            _sent += 2;
            pong.Tell(new Ball(number));
        }
    }
}

/// <summary>What <see cref="PingPong.Measure"/> found: the rate per number in flight, and at one message per turn.</summary>
internal sealed record Ceilings(int Pairs, int Runs, (int InFlight, double Rate)[] Rates, double OneMessagePerTurn)
{
    /// <summary>The ceiling of the targets: the best ping-pong of all.</summary>
    public double Best => Rates.Max(r => r.Rate);
}
