using Clln.Actors.Faults;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;
using Clln.Core.Model;
using MessagePack;

namespace Clln.Actors.Members;

/// <summary>
/// Everything a member needs to host partitions of a run: the whole network (each member keeps
/// the wiring, as on one member, but spawns only its partitions' actors), the engine's options,
/// the edges' learning rule and clock, and which partition every node and edge belongs to.
/// Shipped as <see cref="WiringChunk"/>s.
/// </summary>
[MessagePackObject]
public sealed record WiringPlan(
    [property: Key(0)] string NetworkJson,
    [property: Key(1)] OptionsWire Options,
    [property: Key(2)] LearningWire? Learning,
    [property: Key(3)] int[] NodePartition,
    [property: Key(4)] int[] EdgePartition,
    [property: Key(5)] int Partitions)
{
    /// <summary>Bytes per chunk: well under Akka's 128,000-byte frame with the envelope around it.</summary>
    public const int ChunkBytes = 100_000;

    private static readonly MessagePackSerializerOptions Wire = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    internal static WiringPlan For(Network network, ActorEngineOptions options, LearningSetup? learning, Placement placement) =>
        new(Core.Formats.NetworkJson.Write(network), OptionsWire.From(options), learning is null ? null : LearningWire.From(learning),
            placement.NodePartition, placement.EdgePartition, placement.Partitions);

    public Network Network() => Core.Formats.NetworkJson.Read(NetworkJson, "wiring plan");

    public byte[][] Chunks()
    {
        var bytes = MessagePackSerializer.Serialize(this, Wire);
        return bytes.Chunk(ChunkBytes).ToArray();
    }

    public static WiringPlan FromChunks(IReadOnlyList<byte[]> chunks) =>
        MessagePackSerializer.Deserialize<WiringPlan>(chunks.SelectMany(c => c).ToArray(), Wire);
}

/// <summary>The engine's options on the wire.</summary>
[MessagePackObject]
public sealed record OptionsWire(
    [property: Key(0)] Schedule Schedule,
    [property: Key(1)] double Tolerance,
    [property: Key(2)] double Omega,
    [property: Key(3)] int Seed,
    [property: Key(4)] string? Delay,
    [property: Key(5)] bool Reorder,
    [property: Key(6)] double Drop,
    [property: Key(7)] double Noise,
    [property: Key(8)] bool Verbose,
    [property: Key(9)] int MaxSweeps,
    [property: Key(10)] long TimeoutTicks,
    [property: Key(11)] int[]? Stragglers = null,
    [property: Key(12)] double StragglerFactor = 1.0)
{
    public static OptionsWire From(ActorEngineOptions o) =>
        new(o.Schedule, o.Tolerance, o.Omega, o.Seed, o.Delay?.ToString(), o.Reorder, o.Drop, o.Noise, o.Verbose, o.MaxSweeps, o.Timeout.Ticks,
            o.Stragglers?.ToArray(), o.StragglerFactor);

    public ActorEngineOptions ToOptions() => new()
    {
        Schedule = Schedule,
        Tolerance = Tolerance,
        Omega = Omega,
        Seed = Seed,
        Delay = Delay is null ? null : DelaySpec.Parse(Delay),
        Reorder = Reorder,
        Drop = Drop,
        Noise = Noise,
        Verbose = Verbose,
        MaxSweeps = MaxSweeps,
        Timeout = TimeSpan.FromTicks(TimeoutTicks),
        Stragglers = Stragglers,
        StragglerFactor = StragglerFactor,
    };
}
