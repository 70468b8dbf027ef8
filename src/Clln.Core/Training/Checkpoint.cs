using System.Security.Cryptography;
using MessagePack;

namespace Clln.Core.Training;

/// <summary>
/// What a run needs to continue exactly where it was: the learned value of every edge, the clock's
/// step, the class targets (they move between epochs), the metrics rows written so far, the node
/// voltages the network settled at (an engine with state between phases) and the last outputs
/// on the training set (adaptive targets are set from them). The last two are absent from
/// checkpoints written before they were kept: such a run resumes within the tolerance, not exactly.
/// Stored in checkpoint.msgpack as MessagePack behind its SHA-256 checksum; the experiment itself
/// is in config.json beside it. <see cref="Tasks"/>: how many tasks a run with a task list has
/// (each metrics row ends with their losses), 0 for a run of its own task.
/// </summary>
[MessagePackObject]
public sealed record Checkpoint(
    [property: Key(0)] int Epoch,
    [property: Key(1)] long Step,
    [property: Key(2)] double[] LearnedValues,
    [property: Key(3)] double[][]? ClassTargets,
    [property: Key(4)] string[] MetricsRows,
    [property: Key(5)] SettledVoltages? Voltages = null,
    [property: Key(6)] double[][]? TrainOutputs = null,
    [property: Key(7)] int Tasks = 0)
{
    public const string FileName = "checkpoint.msgpack";

    /// <summary>The file starts with this, then the payload's SHA-256, then the payload.</summary>
    private static ReadOnlySpan<byte> Magic => "CLLN-CK1"u8;

    private const int HashLength = 32;

    public byte[] ToBytes()
    {
        var payload = MessagePackSerializer.Serialize(this);
        return [.. Magic, .. SHA256.HashData(payload), .. payload];
    }

    /// <summary>
    /// Reads a checkpoint and refuses one that is damaged (its checksum does not match) or holds a
    /// value no run leaves behind, with a <see cref="Model.BadInputException"/> naming <paramref name="source"/>.
    /// A file without the checksum, written before checkpoints carried one, is read as it is.
    /// </summary>
    public static Checkpoint FromBytes(byte[] bytes, string source)
    {
        var payload = bytes.AsSpan();
        if (payload.StartsWith(Magic))
        {
            payload = payload[Magic.Length..];
            if (payload.Length < HashLength || !SHA256.HashData(payload[HashLength..]).AsSpan().SequenceEqual(payload[..HashLength]))
                throw new Model.BadInputException($"{source}: damaged: its contents do not match their SHA-256 checksum");
            payload = payload[HashLength..];
        }
        Checkpoint checkpoint;
        try
        {
            checkpoint = MessagePackSerializer.Deserialize<Checkpoint>(payload.ToArray());
        }
        catch (MessagePackSerializationException e)
        {
            throw new Model.BadInputException($"{source}: not a readable checkpoint ({e.Message.Split('\n')[0]})");
        }
        if (checkpoint.Problem() is { } problem) throw new Model.BadInputException($"{source}: {problem}");
        return checkpoint;
    }

    /// <summary>The metrics rows, read back.</summary>
    public EpochMetrics[] Rows() => MetricsRows.Select(row => EpochMetrics.FromCsv(row, Tasks)).ToArray();

    /// <summary>
    /// What makes this checkpoint one no run leaves behind (null if nothing): a value that is not a
    /// number or infinite, a negative epoch or step, metrics rows that do not read back or do not
    /// end at <see cref="Epoch"/>. The learned values are checked against the run's edges on resuming.
    /// </summary>
    public string? Problem()
    {
        static bool Finite(double[]? values) => values is not null && values.All(double.IsFinite);
        if (Epoch < 0 || Step < 0) return $"epoch {Epoch} and step {Step} cannot be negative";
        if (LearnedValues is null || MetricsRows is null) return "the learned values or the metrics rows are missing";
        if (Array.FindIndex(LearnedValues, v => !double.IsFinite(v)) is var edge and >= 0) return FormattableString.Invariant($"edge {edge}: learned value {LearnedValues[edge]} is not a finite number");
        if (Voltages is not null && !(Finite(Voltages.Free) && Finite(Voltages.Clamped) && Voltages.Free.Length == Voltages.Clamped.Length))
            return "the settled voltages are not finite numbers, one per node in each twin";
        // An output left floating by damage reads NaN, and so do the targets set from it; an infinite one no network gives.
        static bool Readings(double[][]? rows) => rows is null || rows.All(r => r is not null && !r.Any(double.IsInfinity));
        if (!Readings(ClassTargets) || !Readings(TrainOutputs)) return "a class target or training output is infinite or missing";
        EpochMetrics[] rows;
        try
        {
            rows = Rows();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return $"unreadable metrics rows ({e.Message})";
        }
        if (rows.Length == 0 || rows[0].Epoch != 0 || rows[^1].Epoch != Epoch || rows.Zip(rows.Skip(1)).Any(p => p.Second.Epoch < p.First.Epoch))
            return $"the metrics rows do not run from epoch 0 to the checkpoint's epoch {Epoch}";
        return null;
    }
}
