using Clln.Core.Elements;

namespace Clln.Core.Learning;

/// <summary>
/// The Gen-2 rule (Dillavou et al., PNAS 2024): each transistor's gate capacitor charges by
/// dV_G = (t_learn / RC) gain [ (dV_F)^2 - (dV_C)^2 ] per update, then V_G is clipped to
/// [<see cref="MinGate"/>, <see cref="MaxGate"/>]. An edge whose free drop exceeds its clamped
/// drop opens its channel (higher gate, more conductance), as the continuous rule raises k.
/// </summary>
/// <param name="Gain">The edge circuit's gain, per volt: volts of gate per volt squared of contrast, per RC.</param>
/// <param name="LearningTime">t_learn, seconds the gate capacitor charges per update (the lab's ~100 us).</param>
/// <param name="Rc">RC of the gate's charging circuit, seconds (the lab's 2.2 ms).</param>
/// <param name="Device">The transistor every edge is (threshold, K, leak); its gate is what changes.</param>
public sealed record GateRule(double Gain, double LearningTime, double Rc, double MinGate, double MaxGate, Transistor Device) : ILearningRule
{
    public const string RuleName = "gate";

    /// <summary>The lab's charging time per update, seconds.</summary>
    public const double LabLearningTime = 100e-6;

    /// <summary>The lab's gate RC, seconds.</summary>
    public const double LabRc = 2.2e-3;

    public string Name => RuleName;

    /// <summary>Volts of gate per volt squared of contrast: (t_learn / RC) gain.</summary>
    public double Rate => LearningTime / Rc * Gain;

    /// <summary>A transistor with this gate voltage (clipped to the range).</summary>
    public IEdgeElement Initial(double gateVoltage) => Device.WithGate(Math.Clamp(gateVoltage, MinGate, MaxGate));

    public IEdgeElement Update(IEdgeElement element, double freeDrop, double clampedDrop) => Apply(element, freeDrop * freeDrop - clampedDrop * clampedDrop);

    public IEdgeElement Apply(IEdgeElement element, double contrast)
    {
        var t = element as Transistor ?? throw new ArgumentException($"the gate rule needs a transistor edge, not {element.Kind}");
        var change = Rate * contrast;
        return t.WithGate(Math.Clamp(t.GateVoltage + change, MinGate, MaxGate));
    }

    public double LearnedValue(IEdgeElement element) => ((Transistor)element).GateVoltage;

    public (double Low, double High) Range(IEdgeElement like) => (MinGate, MaxGate);

    public IEdgeElement Shorted(IEdgeElement like) => FromLearnedValue(MaxGate, like);

    public IEdgeElement FromLearnedValue(double value) => Device.WithGate(value);

    public IEdgeElement FromLearnedValue(double value, IEdgeElement like) =>
        like is Transistor t ? t.WithGate(value) : FromLearnedValue(value);
}
