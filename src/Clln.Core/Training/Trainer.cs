using System.Diagnostics;
using Clln.Core.Tasks;

namespace Clln.Core.Training;

/// <summary>
/// The experimenter's schedule: evaluate, then each epoch re-set targets (if the task does), take
/// one training step per training sample in order (reading the free outputs first when the task
/// sets its clamp from them, and skipping a sample the task has nothing to teach), and evaluate again. It applies voltages and
/// reads outputs only; learning happens inside the network. With a <paramref name="batchSize"/>
/// above 1 the edges add up each step's contrast and update once a batch, from the mean (the last
/// batch of an epoch may be short). With an <paramref name="alignment"/> it also reads the
/// conductances around each update, to say how close the update was to gradient descent.
/// </summary>
public sealed class Trainer(LearningTask task, ITwinNetwork network, GradientAlignment? alignment = null, int batchSize = 1)
{
    /// <summary>What measures each update against the gradient; null once it no longer can (damage changed the network).</summary>
    public GradientAlignment? Alignment { get; set; } = alignment;

    /// <summary>The outputs on the training set at the last evaluation (a checkpoint keeps them; null until one).</summary>
    public IReadOnlyList<double[]>? TrainOutputs { get; set; }

    /// <summary>Metrics before training (epoch 0), as a baseline.</summary>
    public async Task<EpochMetrics> EvaluateAsync(int epoch, long messages, double wallMs, CancellationToken cancellation)
    {
        var (trainLoss, trainAccuracy, trainOutputs, _) = await ScoreAsync(task.Train, cancellation);
        var (testLoss, testAccuracy, testOutputs, power) = await ScoreAsync(task.Test, cancellation);
        TrainOutputs = trainOutputs;
        return new EpochMetrics(epoch, trainLoss, trainAccuracy, testLoss, testAccuracy, power, messages, wallMs,
            task.ErrorComponents(task.Test, testOutputs));
    }

    /// <summary>The test loss now, measured without training or keeping the outputs (another task's, in a sequence).</summary>
    public async Task<double> TestLossAsync(CancellationToken cancellation) => (await ScoreAsync(task.Test, cancellation)).Loss;

    /// <summary>Runs epoch <paramref name="epoch"/> (1-based) and returns its metrics.</summary>
    public async Task<EpochMetrics> RunEpochAsync(int epoch, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var (messagesBefore, droppedBefore, crossBefore) = (network.Messages, network.DroppedMessages, network.CrossMemberMessages);
        TrainOutputs ??= (await ScoreAsync(task.Train, cancellation)).Outputs;
        task.BeginEpoch(TrainOutputs);
        var batched = 0;
        foreach (var sample in task.Train)
        {
            cancellation.ThrowIfCancellationRequested();
            var free = task.TargetsFollowFreeOutputs ? (await network.MeasureAsync(sample.Inputs, cancellation)).Outputs : null;
            if (task.StepTargets(sample, free) is not { } targets) continue;
            if (batched == 0) Alignment?.Begin(await network.ReadElementsAsync(cancellation));
            Alignment?.AddSample(sample.Inputs, targets);
            await network.TrainStepAsync(sample.Inputs, targets, batchSize == 1 ? LearnMode.Now : LearnMode.Accumulate, cancellation);
            if (++batched == batchSize) await EndBatchAsync();
        }
        if (batched > 0) await EndBatchAsync();

        async Task EndBatchAsync()
        {
            if (batchSize > 1) await network.ApplyAccumulatedAsync(cancellation);
            Alignment?.End(await network.ReadElementsAsync(cancellation));
            batched = 0;
        }
        var metrics = await EvaluateAsync(epoch, 0, 0, cancellation);
        var (cosine, updateNorm) = Alignment?.EndEpoch() ?? (double.NaN, double.NaN);
        // The epoch's cost includes its measurements, as the wall time does.
        return metrics with
        {
            Messages = network.Messages - messagesBefore, WallMs = clock.Elapsed.TotalMilliseconds, GradientCosine = cosine, UpdateNorm = updateNorm,
            DroppedMessages = network.DroppedMessages - droppedBefore, CrossMemberMessages = network.CrossMemberMessages - crossBefore,
        };
    }

    private async Task<(double Loss, double Accuracy, double[][] Outputs, double Power)> ScoreAsync(IReadOnlyList<TaskSample> samples, CancellationToken cancellation)
    {
        var outputs = new double[samples.Count][];
        double loss = 0, power = 0;
        int correct = 0, measurable = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            var measured = await network.MeasureAsync(samples[i].Inputs, cancellation);
            outputs[i] = measured.Outputs;
            power += measured.Power;
            // An output left floating by damage reads NaN: the sample counts as wrong, and its
            // loss, undefined, is left out of the mean.
            if (measured.Outputs.Any(double.IsNaN)) continue;
            measurable++;
            loss += task.Loss(measured.Outputs, samples[i]);
            if (task.Correct(measured.Outputs, samples[i]) == true) correct++;
        }
        var accuracy = task.IsClassification ? (double)correct / samples.Count : double.NaN;
        return (measurable > 0 ? loss / measurable : double.NaN, accuracy, outputs, power / samples.Count);
    }
}
