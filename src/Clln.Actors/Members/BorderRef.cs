using Akka.Actor;
using Akka.Util;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// What a member's <see cref="Board"/> holds for an actor that lives in another partition: the
/// reference of that partition's host, fixed when the network is wired, and the actor's place
/// there. Telling it sends the message to the host (no lookup: the host's reference was resolved
/// once), which counts its arrival and hands it to the actor; the message is counted out of this
/// member's quiescence count as it leaves (see <see cref="Quiescence.Depart"/>).
/// </summary>
/// <remarks>
/// Actors hold it as an <see cref="IActorRef"/> and cannot tell it from a local one: the engine's
/// actors run unchanged on one member or many. It is never sent anywhere itself.
/// </remarks>
internal sealed class BorderRef(IActorRef host, Recipient recipient, int index, Quiescence quiescence, bool crossMemberLink) : IActorRef
{
    public IActorRef Host { get; } = host;

    public ActorPath Path { get; } = recipient == Recipient.Coordinator ? host.Path : host.Path / ((recipient == Recipient.Node ? "n" : "e") + index);

    public void Tell(object message, IActorRef sender)
    {
        var payload = message as IEngineMessage ?? throw new ArgumentException($"{message.GetType().Name} is not an engine message and cannot cross to another partition");
        quiescence.Depart(crossMemberLink);
        Host.Tell(new Routed(recipient, index, payload), sender);
    }

    public bool Equals(IActorRef? other) => other is BorderRef b && b.Path.Equals(Path);

    public override bool Equals(object? obj) => obj is IActorRef r && Equals(r);

    public override int GetHashCode() => Path.GetHashCode();

    public int CompareTo(IActorRef? other) => other is null ? 1 : Path.CompareTo(other.Path);

    public int CompareTo(object? obj) => obj is IActorRef r ? CompareTo(r) : 1;

    public ISurrogate ToSurrogate(ActorSystem system) => throw new NotSupportedException("a border reference stays on its member");

    public override string ToString() => $"Border[{Path}]";
}
