using Clln.Core.Elements;

namespace Clln.Core.Training;

/// <summary>
/// A learning network as the experimenter sees it, whatever emulates it (the reference solver or
/// the actors): apply voltages, read outputs, tick. The caller never sees a gradient: output nodes
/// compute their own clamp and every edge updates itself from its own two drops.
/// </summary>
public interface ITwinNetwork : IAsyncDisposable
{
    /// <summary>The free state for these input voltages (task order): output voltages (task order) and dissipated power.</summary>
    Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation);

    /// <summary>
    /// One training step: both twins settle with these inputs, the clamped twin's outputs held at
    /// V_F + eta (V_T - V_F) for the targets V_T; then edges update on the clock.
    /// Returns the free state the step started from.
    /// </summary>
    Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, CancellationToken cancellation) =>
        TrainStepAsync(inputs, targets, LearnMode.Now, cancellation);

    /// <summary>
    /// One training step whose update is made now (<see cref="LearnMode.Now"/>) or added to the
    /// edges' batch (<see cref="LearnMode.Accumulate"/>), to be applied by <see cref="ApplyAccumulatedAsync"/>.
    /// </summary>
    Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation);

    /// <summary>
    /// Every edge updates once from the mean contrast of the steps accumulated since the last
    /// application (nothing when there were none), on the clock tick of the last of them.
    /// </summary>
    Task ApplyAccumulatedAsync(CancellationToken cancellation);

    /// <summary>Every edge's present element (read from the hardware, for checkpoints and comparisons).</summary>
    Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation);

    /// <summary>
    /// The node voltages both twins last settled at, for a checkpoint; from here on the network
    /// goes on from them and its elements alone, as a network restored from that checkpoint does.
    /// Null for an engine that keeps nothing between phases (the reference solver solves afresh).
    /// </summary>
    Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation);

    /// <summary>
    /// Sets every edge's element, the step counter and, when given, the settled node voltages
    /// (resuming from a checkpoint).
    /// </summary>
    Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation);

    /// <summary>Training steps taken so far (the clock's tick count).</summary>
    long Step { get; }

    /// <summary>Messages exchanged so far (0 for engines that send none).</summary>
    long Messages { get; }

    /// <summary>Transmissions lost on lossy links so far, each repaired by the link layer sending again (0 without links).</summary>
    long DroppedMessages => 0;

    /// <summary>Of <see cref="Messages"/>, those whose node-edge link crossed cluster members (0 on one process).</summary>
    long CrossMemberMessages => 0;

    /// <summary>
    /// Relaxation phases so far whose answer could not be certified within the tolerance (noise
    /// sets a floor under the error bound); 0 for an exact engine.
    /// </summary>
    long UncertifiedPhases { get; }

    /// <summary>
    /// Volts: the largest error bound of any phase so far, a guaranteed bound on the distance of
    /// every node from the exact equilibrium; 0 for an exact engine.
    /// </summary>
    double LargestErrorBound { get; }
}

/// <summary>Output voltages (task order) and the power dissipated in the free state, in watts.</summary>
public readonly record struct FreeMeasurement(double[] Outputs, double Power);
