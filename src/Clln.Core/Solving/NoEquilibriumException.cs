using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>
/// A network with no (unique) equilibrium for the given held voltages: a node whose every
/// transistor is cut off has no defined voltage, or Newton's method found no point where
/// Kirchhoff's law holds. The message is one line and says why; it is bad input, not a crash.
/// </summary>
public sealed class NoEquilibriumException(string message) : BadInputException(message);
