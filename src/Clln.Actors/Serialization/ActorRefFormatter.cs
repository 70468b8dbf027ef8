using Akka.Actor;
using MessagePack;
using MessagePack.Formatters;

namespace Clln.Actors.Serialization;

/// <summary>
/// An actor reference inside a MessagePack message: written as its serialized path (with the
/// sending system's address, so it can be answered from anywhere) and resolved on arrival by the
/// receiving system's provider, which needs no message to do so.
/// </summary>
internal sealed class ActorRefFormatter(ExtendedActorSystem system) : IMessagePackFormatter<IActorRef?>
{
    public void Serialize(ref MessagePackWriter writer, IActorRef? value, MessagePackSerializerOptions options)
    {
        if (value is null) writer.WriteNil();
        else writer.Write(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    public IActorRef? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil()) return null;
        var path = reader.ReadString() ?? "";
        return path.Length == 0 ? ActorRefs.Nobody : system.Provider.ResolveActorRef(path);
    }
}
