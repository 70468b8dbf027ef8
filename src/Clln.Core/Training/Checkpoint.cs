using MessagePack;

namespace Clln.Core.Training;

/// <summary>
/// What a run needs to continue exactly where it was: the learned value of every edge, the clock's
/// step, the class targets (they move between epochs), the metrics rows written so far, the node
/// voltages the network settled at (an engine with state between phases) and the last outputs
/// on the training set (adaptive targets are set from them). The last two are absent from
/// checkpoints written before they were kept: such a run resumes within the tolerance, not exactly.
/// Stored as MessagePack in checkpoint.msgpack; the experiment itself is in config.json beside it.
/// </summary>
[MessagePackObject]
public sealed record Checkpoint(
    [property: Key(0)] int Epoch,
    [property: Key(1)] long Step,
    [property: Key(2)] double[] LearnedValues,
    [property: Key(3)] double[][]? ClassTargets,
    [property: Key(4)] string[] MetricsRows,
    [property: Key(5)] SettledVoltages? Voltages = null,
    [property: Key(6)] double[][]? TrainOutputs = null)
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
