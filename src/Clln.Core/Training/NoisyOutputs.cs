using Clln.Core.Elements;

namespace Clln.Core.Training;

/// <summary>
/// Measurement noise at the outputs: every output reading gets Gaussian noise of
/// <paramref name="sigma"/> volts, and the clamp is computed from the noisy reading, as an
/// experimenter who reads V_F + e applies V_F + e + eta (V_T - V_F - e). Any engine clamps from
/// its own exact V_F, so it is given the target V_T + e (1 - eta) / eta, which clamps at exactly that.
/// </summary>
/// <remarks>
/// A draw is keyed on (seed, step, output, the reading's number since the step began; the training
/// step's own reading apart), so a resumed run draws what the undisturbed run drew from its next
/// step on (and, when its checkpoint predates stored training outputs and it re-reads the
/// training set at the step it stopped at, there too).
/// </remarks>
public sealed class NoisyOutputs(ITwinNetwork inner, double sigma, double eta, int seed) : ITwinNetwork
{
    private long _readingsStep = -1;
    private int _readings;

    public long Step => inner.Step;

    public long Messages => inner.Messages;

    public long DroppedMessages => inner.DroppedMessages;

    public long CrossMemberMessages => inner.CrossMemberMessages;

    public long UncertifiedPhases => inner.UncertifiedPhases;

    public double LargestErrorBound => inner.LargestErrorBound;

    public async Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation)
    {
        if (_readingsStep != inner.Step) (_readingsStep, _readings) = (inner.Step, 0);
        var measured = await inner.MeasureAsync(inputs, cancellation).ConfigureAwait(false);
        return measured with { Outputs = Add(measured.Outputs, Noise(measured.Outputs.Length, _readings++)) };
    }

    public async Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation)
    {
        var noise = Noise(targets.Length, reading: -1);
        var shifted = targets.Select((t, o) => t + noise[o] * (1 - eta) / eta).ToArray();
        var measured = await inner.TrainStepAsync(inputs, shifted, mode, cancellation).ConfigureAwait(false);
        return measured with { Outputs = Add(measured.Outputs, noise) };
    }

    public Task ApplyAccumulatedAsync(CancellationToken cancellation) => inner.ApplyAccumulatedAsync(cancellation);

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => inner.ReadElementsAsync(cancellation);

    public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => inner.CheckpointVoltagesAsync(cancellation);

    public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation) =>
        inner.RestoreAsync(elements, step, voltages, cancellation);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private double[] Noise(int outputs, int reading) =>
        Enumerable.Range(0, outputs).Select(o => sigma * SeededNoise.Gaussian(seed, NoiseModel.OutputNoise, o, inner.Step, reading)).ToArray();

    private static double[] Add(double[] a, double[] b) => a.Select((x, i) => x + b[i]).ToArray();
}
