namespace Clln.Core.Elements;

/// <summary>What an edge element answers for two terminal voltages.</summary>
/// <param name="Current">Amps flowing from terminal a to terminal b.</param>
/// <param name="DCurrentDVa">dI/dV_a in siemens (non-negative for a passive, increasing device).</param>
/// <param name="DCurrentDVb">dI/dV_b in siemens (non-positive for a passive, increasing device).</param>
/// <remarks>
/// The two partial derivatives differ for a transistor (its conductance depends on which terminal is
/// lower), so both are given; for a resistor they are k and -k.
/// </remarks>
public readonly record struct EdgeResponse(double Current, double DCurrentDVa, double DCurrentDVb);
