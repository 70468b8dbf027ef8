using Clln.Core.Data;

namespace Clln.Core.Tasks;

/// <summary>
/// Classification by nearest target: each class c has a target vector T_c of output voltages, and
/// a sample is assigned the class whose target is nearest (L2) to the free outputs (the lab's Iris
/// protocol). With <see cref="TargetMode.Adaptive"/> the targets are re-set every epoch from the
/// network's own outputs, as the lab did: each class target becomes the mean output of its class,
/// pushed away from the mean of the other classes' targets by <see cref="Margin"/> volts, so the
/// network is asked for what it can nearly do, only better separated. With
/// <see cref="TargetMode.Differential"/> every class has a pair of outputs O+ and O- and its own
/// difference O = O+ - O- (two classes share one pair: the first class is its positive sign), the
/// decision is the class of largest O (with one pair, its sign), and the clamp acts on the
/// differences alone (see <see cref="StepTargets"/>). A difference of two outputs can weigh an
/// input negatively, which one output of a resistor network, a positive-weighted average of its
/// held voltages, cannot.
/// </summary>
public sealed class ClassificationTask : LearningTask
{
    private readonly double[][] _classTargets;

    public ClassificationTask(string name, IReadOnlyList<TaskSample> train, IReadOnlyList<TaskSample> test, string[] classNames,
        double[][] initialTargets, TargetMode mode, double margin)
    {
        Name = name;
        Train = train;
        Test = test;
        ClassNames = classNames;
        _classTargets = initialTargets.Select(t => t.ToArray()).ToArray();
        Mode = mode;
        Margin = margin;
    }

    public override string Name { get; }

    public override IReadOnlyList<TaskSample> Train { get; }

    public override IReadOnlyList<TaskSample> Test { get; }

    public string[] ClassNames { get; }

    public TargetMode Mode { get; }

    /// <summary>Volts: how far adaptive targets are pushed apart; in differential mode, the difference d asked for.</summary>
    public double Margin { get; }

    public override bool IsClassification => true;

    public IReadOnlyList<double[]> ClassTargets => _classTargets;

    public override double[] TargetFor(TaskSample sample) => _classTargets[sample.Label];

    public override bool TargetsFollowFreeOutputs => Mode == TargetMode.Differential;

    /// <summary>
    /// Differential mode: the clamp acts on each pair's O = O+ - O- alone. A pair whose O already
    /// has the sign the sample asks of it by the margin d (<see cref="Margin"/>) is left free (its
    /// targets are its free outputs: no nudge); otherwise its targets keep the free outputs' common
    /// level m = (O+ + O-)/2 and ask for O = s d: (m + s d/2, m - s d/2). A sample with every pair
    /// met is not taught this time. So the nudge moves O+ and O- symmetrically toward the decision
    /// the task scores and never toward a level it does not.
    /// </summary>
    public override double[]? StepTargets(TaskSample sample, double[]? freeOutputs)
    {
        if (Mode != TargetMode.Differential) return TargetFor(sample);
        var free = freeOutputs ?? throw new ArgumentNullException(nameof(freeOutputs), "differential targets follow the free outputs");
        double[]? targets = null;
        for (var pair = 0; pair < Pairs; pair++)
        {
            if (Shortfall(free, sample, pair) <= 0) continue;
            targets ??= free.ToArray();
            var (common, half) = ((free[2 * pair] + free[2 * pair + 1]) / 2, Sign(sample, pair) * Margin / 2);
            (targets[2 * pair], targets[2 * pair + 1]) = (common + half, common - half);
        }
        return targets;
    }

    /// <summary>
    /// Differential mode: the mean square of what the clamp asks of the outputs, each of a pair
    /// (d - s O) / 2 while that is positive, zero once the pair's margin is met.
    /// </summary>
    public override double Loss(double[] outputs, TaskSample sample)
    {
        if (Mode != TargetMode.Differential) return base.Loss(outputs, sample);
        var sum = 0.0;
        for (var pair = 0; pair < Pairs; pair++)
        {
            var half = Math.Max(0, Shortfall(outputs, sample, pair)) / 2;
            sum += half * half;
        }
        return sum / Pairs;
    }

    /// <summary>Differential mode: output pairs, one a class, or one for two classes.</summary>
    private int Pairs => PairsFor(_classTargets.Length);

    private static int PairsFor(int classes) => classes == 2 ? 1 : classes;

    /// <summary>Output nodes a classification of <paramref name="classes"/> needs: one a class, or in differential mode a pair a class (one pair for two classes).</summary>
    public static int OutputsFor(int classes, TargetMode mode) => mode == TargetMode.Differential ? 2 * PairsFor(classes) : classes;

    /// <summary>Whether a pair's O should be positive for a sample of class <paramref name="label"/>: its own class's pair; with one pair, for the first class.</summary>
    private static bool Positive(int label, int pair, int pairs) => pairs == 1 ? label == 0 : label == pair;

    /// <summary>How far a pair's O falls short of the wanted difference s d, in volts (negative: beyond it).</summary>
    private double Shortfall(double[] outputs, TaskSample sample, int pair) =>
        Margin - Sign(sample, pair) * (outputs[2 * pair] - outputs[2 * pair + 1]);

    /// <summary>The sign of a pair's O a sample asks for: its own class's +, every other's -; with one pair, + for the first class.</summary>
    private double Sign(TaskSample sample, int pair) => Positive(sample.Label, pair, Pairs) ? 1 : -1;

    public override double[][]? MovingTargets => _classTargets.Select(t => t.ToArray()).ToArray();

    public override void RestoreTargets(double[][] targets)
    {
        for (var c = 0; c < _classTargets.Length; c++) targets[c].CopyTo(_classTargets[c], 0);
    }

    public override void BeginEpoch(IReadOnlyList<double[]> trainOutputs)
    {
        if (Mode != TargetMode.Adaptive) return;
        var classes = _classTargets.Length;
        var outputs = _classTargets[0].Length;
        var means = new double[classes][];
        for (var c = 0; c < classes; c++)
        {
            var members = Enumerable.Range(0, Train.Count).Where(i => Train[i].Label == c).ToArray();
            means[c] = Enumerable.Range(0, outputs).Select(o => members.Average(i => trainOutputs[i][o])).ToArray();
        }
        for (var c = 0; c < classes; c++)
        {
            // Away from the centre of the other classes, along the line that separates them.
            var others = Enumerable.Range(0, outputs).Select(o => Enumerable.Range(0, classes).Where(d => d != c).Average(d => means[d][o])).ToArray();
            var away = Enumerable.Range(0, outputs).Select(o => means[c][o] - others[o]).ToArray();
            var length = Math.Sqrt(away.Sum(x => x * x));
            for (var o = 0; o < outputs; o++)
                _classTargets[c][o] = means[c][o] + (length > 1e-12 ? Margin * away[o] / length : 0.0);
        }
    }

    /// <summary>The class whose target is nearest to the outputs; in differential mode, the class of largest O+ - O- (with one pair, the first where it is positive).</summary>
    public int Predict(double[] outputs)
    {
        if (Mode == TargetMode.Differential && Pairs == 1) return outputs[0] - outputs[1] > 0 ? 0 : 1;
        if (Mode == TargetMode.Differential)
            return Enumerable.Range(0, Pairs).MaxBy(pair => outputs[2 * pair] - outputs[2 * pair + 1]);
        var best = 0;
        var bestDistance = double.PositiveInfinity;
        for (var c = 0; c < _classTargets.Length; c++)
        {
            var distance = 0.0;
            for (var o = 0; o < outputs.Length; o++) distance += (outputs[o] - _classTargets[c][o]) * (outputs[o] - _classTargets[c][o]);
            if (distance < bestDistance) (best, bestDistance) = (c, distance);
        }
        return best;
    }

    public override bool? Correct(double[] outputs, TaskSample sample) => Predict(outputs) == sample.Label;

    /// <summary>
    /// A classification task from a data set: features scaled to input voltages, a seeded split of
    /// <paramref name="trainPerClass"/> samples of each class for training (the rest for testing),
    /// one output node per class with one-hot initial targets (<paramref name="high"/> on the class's
    /// own output, <paramref name="low"/> elsewhere); in differential mode a pair of outputs per class
    /// (one pair for two classes), high then low on the class's own pair, low then high on the others.
    /// </summary>
    public static ClassificationTask FromDataSet(DataSet data, VoltageScaling scaling, int trainPerClass, int seed,
        double low, double high, TargetMode mode, double margin)
    {
        if (!data.IsClassification) throw new ArgumentException("a classification task needs a labelled data set", nameof(data));
        var classes = data.ClassNames.Length;
        var targets = mode == TargetMode.Differential
            ? Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, PairsFor(classes))
                .SelectMany(pair => Positive(c, pair, PairsFor(classes)) ? new[] { high, low } : [low, high]).ToArray()).ToArray()
            : Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, classes).Select(o => o == c ? high : low).ToArray()).ToArray();
        var (trainIndices, testIndices) = Split.PerClass(data, trainPerClass, seed);
        TaskSample Make(int i) => new(scaling.Apply(data.Features[i]), targets[data.Labels[i]], data.Labels[i]);
        return new ClassificationTask(data.Name, trainIndices.Select(Make).ToArray(), testIndices.Select(Make).ToArray(), data.ClassNames, targets, mode, margin);
    }
}

/// <summary>
/// Whether class targets stay as given, are re-set every epoch from the network's outputs, or ask
/// only for the sign and size of output differences O+ - O- (a pair a class; one pair for two classes).
/// </summary>
public enum TargetMode
{
    Fixed,
    Adaptive,
    Differential,
}
