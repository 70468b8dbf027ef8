using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace Clln.Actors.Serialization;

/// <summary>
/// The project's Akka serializer: MessagePack for every type in <see cref="ProtocolRegistry"/>,
/// with a short string manifest per type. Anything else is refused with an exception rather
/// than serialized some other way, so an unregistered message cannot cross a process boundary.
/// </summary>
public sealed class CllnSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>This serializer's id in Akka's registry (user serializers use ids above 100).</summary>
    public const int Id = 7417;

    // Actor references (in wiring messages) travel as paths and resolve with this system's provider.
    private readonly MessagePackSerializerOptions _options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([new ActorRefFormatter(system)], [StandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public override int Identifier => Id;

    public override string Manifest(object o) =>
        ProtocolRegistry.TryGetManifest(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType().FullName} is not a registered Clln message type", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        Manifest(obj); // refuses unregistered types
        if (obj is Members.Routed r && !ProtocolRegistry.IsRoutable(r.Payload.GetType()))
            throw new ArgumentException($"{r.Payload.GetType().Name} may not be routed to another partition", nameof(obj));
        return MessagePackSerializer.Serialize(obj.GetType(), obj, _options);
    }

    public override object FromBinary(byte[] bytes, string manifest) =>
        ProtocolRegistry.TryGetType(manifest, out var type)
            ? MessagePackSerializer.Deserialize(type, bytes, _options)!
            : throw new SerializationException($"unknown Clln message manifest '{manifest}'");
}
