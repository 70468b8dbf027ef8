using MessagePack;

namespace Clln.Core.Training;

/// <summary>
/// What a run needs to continue exactly where it was: the learned value of every edge, the clock's
/// step, the class targets (they move between epochs) and the metrics rows written so far.
/// Stored as MessagePack in checkpoint.msgpack; the experiment itself is in config.json beside it.
/// </summary>
[MessagePackObject]
public sealed record Checkpoint(
    [property: Key(0)] int Epoch,
    [property: Key(1)] long Step,
    [property: Key(2)] double[] LearnedValues,
    [property: Key(3)] double[][]? ClassTargets,
    [property: Key(4)] string[] MetricsRows)
{
    public const string FileName = "checkpoint.msgpack";

    public byte[] ToBytes() => MessagePackSerializer.Serialize(this);

    public static Checkpoint FromBytes(byte[] bytes, string source)
    {
        try
        {
            return MessagePackSerializer.Deserialize<Checkpoint>(bytes);
        }
        catch (MessagePackSerializationException e)
        {
            throw new Model.BadInputException($"{source}: not a readable checkpoint ({e.Message.Split('\n')[0]})");
        }
    }
}
