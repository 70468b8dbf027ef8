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
