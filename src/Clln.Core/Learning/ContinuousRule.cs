using Clln.Core.Elements;

namespace Clln.Core.Learning;

/// <summary>
/// Coupled learning with continuous conductances (Stern et al., PRX 2021):
/// dk = (alpha / eta) [ (dV_F)^2 - (dV_C)^2 ], then k is clipped to [k_min, k_max].
/// It descends the contrast P_clamped - P_free, which vanishes when the outputs reach their targets.
/// </summary>
/// <param name="Alpha">Learning rate, in siemens per volt squared.</param>
/// <param name="Eta">Nudge amplitude (0 &lt; eta &lt;= 1) the clamp was computed with.</param>
public sealed record ContinuousRule(double Alpha, double Eta, double MinConductance, double MaxConductance) : ILearningRule
{
    public const string RuleName = "continuous";

    public string Name => RuleName;

    public IEdgeElement Initial(double conductance) => new Resistor(Math.Clamp(conductance, MinConductance, MaxConductance));

    public IEdgeElement Update(IEdgeElement element, double freeDrop, double clampedDrop) => Apply(element, freeDrop * freeDrop - clampedDrop * clampedDrop);

    public IEdgeElement Apply(IEdgeElement element, double contrast)
    {
        var k = element.LinearConductance ?? throw new ArgumentException($"the continuous rule needs a linear element, not {element.Kind}");
        var change = Alpha / Eta * contrast;
        return new Resistor(Math.Clamp(k + change, MinConductance, MaxConductance));
    }

    public (double Low, double High) Range(IEdgeElement like) => (MinConductance, MaxConductance);

    public IEdgeElement Shorted(IEdgeElement like) => new Resistor(MaxConductance);

    public double LearnedValue(IEdgeElement element) => element.LinearConductance!.Value;

    public IEdgeElement FromLearnedValue(double value) => new Resistor(value);
}
