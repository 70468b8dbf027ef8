using Akka.Actor;
using Akka.Util;
using Clln.Actors.Serialization;

namespace Clln.Actors.Members;

/// <summary>
/// What a member's <see cref="Wiring.Board"/> holds for an actor that lives in another partition:
/// that partition's channel in the member's <see cref="BorderOutbox"/>, fixed when the network is
/// wired, and the actor's place there. Telling it puts the message in the outbox lane for that
/// partition's host (no lookup: the host's reference was resolved once), which sends it in a batch
/// and hands it to the actor there.
/// </summary>
/// <remarks>
/// Actors hold it as an <see cref="IActorRef"/> and cannot tell it from a local one: the engine's
/// actors run unchanged on one member or many. It is never sent anywhere itself.
/// </remarks>
internal sealed class BorderRef(IActorRef host, BorderOutbox outbox, int channel, Recipient recipient, int index) : IActorRef
{
    public ActorPath Path { get; } = recipient is Recipient.Coordinator or Recipient.Host ? host.Path : host.Path / ((recipient == Recipient.Node ? "n" : "e") + index);

    public void Tell(object message, IActorRef sender)
    {
        var payload = message as IEngineMessage ?? throw new ArgumentException($"{message.GetType().Name} is not an engine message and cannot cross to another partition");
        outbox.Put(channel, recipient, index, payload);
    }

    public bool Equals(IActorRef? other) => other is BorderRef b && b.Path.Equals(Path);

    public override bool Equals(object? obj) => obj is IActorRef r && Equals(r);

    public override int GetHashCode() => Path.GetHashCode();

    public int CompareTo(IActorRef? other) => other is null ? 1 : Path.CompareTo(other.Path);

    public int CompareTo(object? obj) => obj is IActorRef r ? CompareTo(r) : 1;

    public ISurrogate ToSurrogate(ActorSystem system) => throw new NotSupportedException("a border reference stays on its member");

    public override string ToString() => $"Border[{Path}]";
}
