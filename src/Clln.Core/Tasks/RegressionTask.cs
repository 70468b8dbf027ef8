namespace Clln.Core.Tasks;

/// <summary>Regression: the outputs should read the targets, scored by mean squared error.</summary>
public sealed class RegressionTask(string name, IReadOnlyList<TaskSample> train, IReadOnlyList<TaskSample> test) : LearningTask
{
    public override string Name { get; } = name;

    public override IReadOnlyList<TaskSample> Train { get; } = train;

    public override IReadOnlyList<TaskSample> Test { get; } = test;

    /// <summary>
    /// Allostery: one set of input voltages, and chosen target voltages at the output nodes
    /// (train and test are the same single sample).
    /// </summary>
    public static RegressionTask Allostery(double[] inputs, double[] targets)
    {
        var sample = new TaskSample(inputs, targets);
        return new RegressionTask("allostery", [sample], [sample]);
    }

    /// <summary>
    /// Linear regression: targets y = W x + b for input voltages x drawn uniformly in
    /// [<paramref name="low"/>, <paramref name="high"/>] volts from the seed.
    /// </summary>
    public static RegressionTask Linear(double[][] weights, double[] offsets, int trainCount, int testCount, double low, double high, int seed)
    {
        var random = new Random(seed);
        TaskSample Draw()
        {
            var x = Enumerable.Range(0, weights[0].Length).Select(_ => low + (high - low) * random.NextDouble()).ToArray();
            var y = weights.Select((row, o) => offsets[o] + row.Select((w, i) => w * x[i]).Sum()).ToArray();
            return new TaskSample(x, y);
        }
        var train = Enumerable.Range(0, trainCount).Select(_ => Draw()).ToArray();
        var test = Enumerable.Range(0, testCount).Select(_ => Draw()).ToArray();
        return new RegressionTask("linear-regression", train, test);
    }

    /// <summary>A regression task from data-set rows (inputs already in volts, targets in volts).</summary>
    public static RegressionTask FromRows(string name, double[][] inputs, double[][] targets, double trainFraction, int seed)
    {
        var (train, test) = Split.Fraction(inputs.Length, trainFraction, seed);
        return new RegressionTask(name, train.Select(i => new TaskSample(inputs[i], targets[i])).ToArray(), test.Select(i => new TaskSample(inputs[i], targets[i])).ToArray());
    }
}
