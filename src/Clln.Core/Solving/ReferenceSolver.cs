using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>
/// The yardstick: the exact Kirchhoff equilibrium of a network by a direct solve. Every other
/// engine (the actors, the trainers) is checked against it. Linear networks take one sparse
/// solve; networks with nonlinear edges (transistors, alone or mixed) take Newton iterations
/// (<see cref="NewtonEquilibriumSolver"/>), which throw <see cref="NoEquilibriumException"/>
/// when the equilibrium is not unique or not found.
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
        var held = heldVoltages.Select(v => !double.IsNaN(v)).ToArray();
        return network.IsLinear
            ? new LinearEquilibriumSolver(network, held).Solve(heldVoltages)
            : new NewtonEquilibriumSolver(network, held).Solve(heldVoltages);
    }
}
