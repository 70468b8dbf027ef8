namespace Clln.Core.Tasks;

/// <summary>
/// What a network is asked to learn: training and test samples (input voltages and target output
/// voltages), how an answer is scored, and for classification how targets are set per class.
/// The task never sees the network's conductances: like the lab's apparatus it only applies
/// voltages and reads outputs.
/// </summary>
public abstract class LearningTask
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<TaskSample> Train { get; }

    public abstract IReadOnlyList<TaskSample> Test { get; }

    public int InputCount => Train[0].Inputs.Length;

    public int OutputCount => Train[0].Targets.Length;

    public virtual bool IsClassification => false;

    /// <summary>The target output voltages for this sample now (classification targets may move between epochs).</summary>
    public virtual double[] TargetFor(TaskSample sample) => sample.Targets;

    /// <summary>Whether <see cref="StepTargets"/> needs the free outputs measured just before the step.</summary>
    public virtual bool TargetsFollowFreeOutputs => false;

    /// <summary>
    /// The targets of one training step, or null when the sample needs no step now. Tasks whose
    /// clamp depends on the free state (<see cref="TargetsFollowFreeOutputs"/>) are given the free
    /// outputs, as the experimenter reads them before setting the clamp.
    /// </summary>
    public virtual double[]? StepTargets(TaskSample sample, double[]? freeOutputs) => TargetFor(sample);

    /// <summary>Called at the start of each epoch with the free outputs on every training sample (the lab re-set its targets so).</summary>
    public virtual void BeginEpoch(IReadOnlyList<double[]> trainOutputs) { }

    /// <summary>Mean squared error between outputs and targets, in volts squared.</summary>
    public virtual double Loss(double[] outputs, TaskSample sample)
    {
        var target = TargetFor(sample);
        var sum = 0.0;
        for (var o = 0; o < outputs.Length; o++) sum += (outputs[o] - target[o]) * (outputs[o] - target[o]);
        return sum / outputs.Length;
    }

    /// <summary>Targets that move during training (adaptive class targets), for checkpoints; null if none move.</summary>
    public virtual double[][]? MovingTargets => null;

    /// <summary>Restores what <see cref="MovingTargets"/> returned.</summary>
    public virtual void RestoreTargets(double[][] targets) { }

    /// <summary>Whether the outputs classify the sample correctly; null for regression.</summary>
    public virtual bool? Correct(double[] outputs, TaskSample sample) => null;

    /// <summary>
    /// The error on these samples split into components the task reports every epoch (the
    /// nonlinear regression's mean, slope and curvature), or null when it reports none.
    /// </summary>
    public virtual double[]? ErrorComponents(IReadOnlyList<TaskSample> samples, IReadOnlyList<double[]> outputs) => null;
}
