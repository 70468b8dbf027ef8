using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>
/// The equilibrium of one network for one set of held nodes, as its elements change (learning)
/// and its held voltages change (samples): a direct solve for linear networks, Newton for others.
/// </summary>
public interface IEquilibriumSolver
{
    /// <summary>The equilibrium for these held voltages (values at free nodes are ignored).</summary>
    Equilibrium Solve(ReadOnlySpan<double> heldVoltages);

    /// <summary>New elements, one per edge, of the same kinds as before.</summary>
    void SetElements(IReadOnlyList<IEdgeElement> elements);
}

public static class EquilibriumSolver
{
    /// <summary>The fitting solver: <see cref="LinearEquilibriumSolver"/> when every element is linear, else <see cref="NewtonEquilibriumSolver"/>.</summary>
    public static IEquilibriumSolver For(Network network, bool[] held) =>
        network.IsLinear ? new LinearEquilibriumSolver(network, held) : new NewtonEquilibriumSolver(network, held);
}
