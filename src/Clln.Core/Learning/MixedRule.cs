using Clln.Core.Elements;

namespace Clln.Core.Learning;

/// <summary>
/// Learning in a network of both edge kinds: resistors by the continuous rule (their conductance),
/// transistors by the gate rule (their gate voltage). Each edge still sees only its own two drops.
/// </summary>
/// <remarks>
/// A learned value alone does not say which kind of edge it belongs to, so restoring one needs
/// the edge's present element: <see cref="FromLearnedValue(double, IEdgeElement)"/>.
/// </remarks>
public sealed record MixedRule(ContinuousRule Resistors, GateRule Transistors) : ILearningRule
{
    public const string RuleName = "mixed";

    public string Name => RuleName;

    /// <summary>A resistor of this conductance (transistor edges start from <see cref="GateRule.Initial"/>).</summary>
    public IEdgeElement Initial(double conductance) => Resistors.Initial(conductance);

    public IEdgeElement Update(IEdgeElement element, double freeDrop, double clampedDrop) => Apply(element, freeDrop * freeDrop - clampedDrop * clampedDrop);

    public IEdgeElement Apply(IEdgeElement element, double contrast) => element is Transistor
        ? Transistors.Apply(element, contrast)
        : Resistors.Apply(element, contrast);

    public (double Low, double High) Range(IEdgeElement like) => like is Transistor ? Transistors.Range(like) : Resistors.Range(like);

    public IEdgeElement Shorted(IEdgeElement like) => like is Transistor ? Transistors.Shorted(like) : Resistors.Shorted(like);

    public double LearnedValue(IEdgeElement element) => element is Transistor
        ? Transistors.LearnedValue(element)
        : Resistors.LearnedValue(element);

    public IEdgeElement FromLearnedValue(double value) =>
        throw new NotSupportedException("a mixed network's learned value needs its edge's kind: call FromLearnedValue(value, element)");

    public IEdgeElement FromLearnedValue(double value, IEdgeElement like) => like is Transistor
        ? Transistors.FromLearnedValue(value, like)
        : Resistors.FromLearnedValue(value);
}
