using Clln.Core.Elements;

namespace Clln.Core.Learning;

/// <summary>
/// The Gen-1 hardware rule (Dillavou et al. 2022): on every tick the potentiometer moves one tap,
/// toward higher conductance when (dV_F)^2 &gt; (dV_C)^2 and lower when less. Two comparators and
/// an XOR compute that sign; a comparator offset appears as a dead band: no move while
/// |(dV_F)^2 - (dV_C)^2| is within <see cref="DeadBand"/> (volts squared).
/// </summary>
public sealed record PotentiometerRule(TapLadder Ladder, double DeadBand = 0.0) : ILearningRule
{
    public const string RuleName = "potentiometer";

    public string Name => RuleName;

    public IEdgeElement Initial(double conductance) => new Potentiometer(Ladder, Ladder.NearestTap(conductance));

    public IEdgeElement Update(IEdgeElement element, double freeDrop, double clampedDrop) => Apply(element, freeDrop * freeDrop - clampedDrop * clampedDrop);

    public IEdgeElement Apply(IEdgeElement element, double contrast)
    {
        var pot = element as Potentiometer ?? throw new ArgumentException($"the potentiometer rule needs a potentiometer edge, not {element.Kind}");
        return Math.Abs(contrast) <= DeadBand ? pot : pot.Step(Math.Sign(contrast));
    }

    public double LearnedValue(IEdgeElement element) => ((Potentiometer)element).Tap;

    /// <summary>The potentiometer on the tap nearest <paramref name="value"/> (noise and drift move taps by fractions).</summary>
    public IEdgeElement FromLearnedValue(double value) => new Potentiometer(Ladder, (int)Math.Round(value));

    public (double Low, double High) Range(IEdgeElement like) => (0, Ladder.Count - 1);

    /// <summary>Tap 0: the ladder's lowest resistance.</summary>
    public IEdgeElement Shorted(IEdgeElement like) => new Potentiometer(Ladder, 0);
}
