using Clln.Core.Elements;

namespace Clln.Core.Learning;

/// <summary>
/// How one edge changes itself from what it alone sees: its voltage drop in the free twin and in
/// the clamped twin. Applied by the edge (an actor, or the reference trainer) and nowhere else.
/// </summary>
public interface ILearningRule
{
    /// <summary>The name used in experiment files ("continuous", "potentiometer").</summary>
    string Name { get; }

    /// <summary>The element an edge starts a run with, given the conductance it was built with.</summary>
    IEdgeElement Initial(double conductance);

    /// <summary>The element after one update from the free drop <paramref name="freeDrop"/> and clamped drop <paramref name="clampedDrop"/> (volts).</summary>
    IEdgeElement Update(IEdgeElement element, double freeDrop, double clampedDrop);

    /// <summary>
    /// The element after one update from its contrast (dV_F)^2 - (dV_C)^2, volts squared: every
    /// rule here reads its two drops only through it, which is where a comparator's offset and
    /// noise enter (see <see cref="EdgeLearning"/>).
    /// </summary>
    IEdgeElement Apply(IEdgeElement element, double contrast);

    /// <summary>The range of the learned value for an edge like <paramref name="like"/> (conductance bounds, gate range, taps).</summary>
    (double Low, double High) Range(IEdgeElement like);

    /// <summary>The edge like <paramref name="like"/> at its largest conductance: a short.</summary>
    IEdgeElement Shorted(IEdgeElement like);

    /// <summary>The edge's learning degree of freedom as a number (a conductance, a tap index), for checkpoints.</summary>
    double LearnedValue(IEdgeElement element);

    /// <summary>The element with this learned value: the inverse of <see cref="LearnedValue"/>.</summary>
    IEdgeElement FromLearnedValue(double value);

    /// <summary>
    /// The element with this learned value, shaped like the edge's present element
    /// <paramref name="like"/> (the rule of a mixed network needs to know the edge's kind; a
    /// transistor keeps its threshold and K).
    /// </summary>
    IEdgeElement FromLearnedValue(double value, IEdgeElement like) => FromLearnedValue(value);
}
