using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>
/// The yardstick: the exact Kirchhoff equilibrium of a network by a direct solve. Every other
/// engine (the actors, the trainers) is checked against it.
/// </summary>
public static class ReferenceSolver
{
    /// <summary>Equilibrium with the network's own held voltages.</summary>
    public static Equilibrium Solve(Network network) => Solve(network, network.HeldVoltages());

    /// <summary>
    /// Equilibrium with these held voltages: a finite value holds that node, NaN leaves it free.
    /// Holding extra nodes (an output in the clamped twin) is allowed; freeing a held one is not
    /// checked for floating, so pass only masks that keep every component held.
    /// </summary>
    public static Equilibrium Solve(Network network, double[] heldVoltages)
    {
        if (heldVoltages.Length != network.NodeCount)
            throw new ArgumentException($"expected {network.NodeCount} held voltages, got {heldVoltages.Length}", nameof(heldVoltages));
        if (!network.IsLinear)
            throw new NotSupportedException("nonlinear elements need the Newton solver, which is not implemented yet");
        var held = heldVoltages.Select(v => !double.IsNaN(v)).ToArray();
        return new LinearEquilibriumSolver(network, held).Solve(heldVoltages);
    }
}
