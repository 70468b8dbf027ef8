using Clln.Core.Data;

namespace Clln.Core.Tasks;

/// <summary>
/// Maps each feature linearly from its range in the data to [<see cref="LowVolts"/>, <see cref="HighVolts"/>]:
/// how measurements become input voltages. A constant feature maps to the middle of the range.
/// </summary>
public sealed record VoltageScaling(double[] Minimum, double[] Maximum, double LowVolts, double HighVolts)
{
    public static VoltageScaling Fit(DataSet data, double lowVolts, double highVolts)
    {
        var features = data.FeatureNames.Length;
        var min = Enumerable.Range(0, features).Select(f => data.Features.Min(r => r[f])).ToArray();
        var max = Enumerable.Range(0, features).Select(f => data.Features.Max(r => r[f])).ToArray();
        return new VoltageScaling(min, max, lowVolts, highVolts);
    }

    public double[] Apply(double[] features) =>
        features.Select((x, f) => Maximum[f] > Minimum[f]
            ? LowVolts + (HighVolts - LowVolts) * (x - Minimum[f]) / (Maximum[f] - Minimum[f])
            : (LowVolts + HighVolts) / 2).ToArray();
}
