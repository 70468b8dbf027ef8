namespace Clln.Core.Data;

/// <summary>
/// A table of samples: numeric features and either a class label (classification) or numeric
/// targets (regression). Features are in their own units; <see cref="VoltageScaling"/> maps them to volts.
/// </summary>
public sealed record DataSet(string Name, string[] FeatureNames, double[][] Features, string? LabelName, string[] ClassNames, int[] Labels, string[] TargetNames, double[][] Targets)
{
    public int Count => Features.Length;

    public bool IsClassification => ClassNames.Length > 0;

    /// <summary>A classification set: one label per sample, classes named in order of first appearance.</summary>
    public static DataSet Classification(string name, string[] featureNames, double[][] features, string labelName, string[] classNames, int[] labels) =>
        new(name, featureNames, features, labelName, classNames, labels, [], []);

    /// <summary>A regression set: one or more numeric targets per sample.</summary>
    public static DataSet Regression(string name, string[] featureNames, double[][] features, string[] targetNames, double[][] targets) =>
        new(name, featureNames, features, null, [], [], targetNames, targets);

    /// <summary>The indices of the samples of each class, in data order.</summary>
    public int[][] IndicesByClass() =>
        Enumerable.Range(0, ClassNames.Length).Select(c => Enumerable.Range(0, Count).Where(i => Labels[i] == c).ToArray()).ToArray();
}
