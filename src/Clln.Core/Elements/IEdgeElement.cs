namespace Clln.Core.Elements;

/// <summary>The physics of one edge: its current and differential conductances for two terminal voltages.</summary>
/// <remarks>
/// This is the only thing solvers and actors ask of an edge, so a resistor, a digital
/// potentiometer on a tap, and a transistor with a gate voltage all fit behind it. Elements are
/// immutable values: learning replaces an edge's element with an updated one.
/// </remarks>
public interface IEdgeElement
{
    /// <summary>The element kind as written in network files ("resistor", ...).</summary>
    string Kind { get; }

    /// <summary>Current from a to b and its derivatives, for terminal voltages <paramref name="va"/>, <paramref name="vb"/>.</summary>
    EdgeResponse Respond(double va, double vb);

    /// <summary>
    /// The conductance when the element is linear (Ohmic at every voltage), else null. Linear
    /// networks are solved in one sparse direct solve; others need Newton iterations.
    /// </summary>
    double? LinearConductance { get; }
}
