namespace Clln.Core.Mechanics;

/// <summary>
/// How far positions lie from the mechanical equilibrium near them: the Newton correction the
/// reference engine would still make, H^-1 g on the free coordinates (g the net forces, H the
/// exact stiffness there). Near a stable equilibrium the distance equals this correction up to a
/// term of second order in it, so a correction far below the springs' lengths is the distance.
/// The actors' certificate, computed from the positions they settled at.
/// </summary>
public static class SpringCertificate
{
    /// <summary>
    /// Metres: the largest displacement of one node in the correction; +infinity where a position
    /// is not finite or the stiffness is not positive definite (no stable equilibrium near).
    /// </summary>
    /// <param name="held">Whether a node is held (its coordinates are not corrected).</param>
    public static double Distance(SpringNetwork network, double[] positions, Func<int, bool> held)
    {
        if (positions.Any(v => !double.IsFinite(v))) return double.PositiveInfinity;
        var free = Enumerable.Range(0, positions.Length).Where(d => !held(d / 2)).ToArray();
        if (free.Length == 0) return 0;
        var gradient = SpringForces.Gradient(network, positions);
        var stiffness = SymmetricSystem.Restrict(SpringForces.Hessian(network, positions), free);
        if (SymmetricSystem.Factor(stiffness, 1e-14 * network.Springs.Max(s => s.Stiffness)) is not null) return double.PositiveInfinity;
        var correction = SymmetricSystem.Solve(stiffness, free.Select(d => gradient[d]).ToArray());
        var squared = new double[network.Nodes.Count];
        for (var i = 0; i < free.Length; i++) squared[free[i] / 2] += correction[i] * correction[i];
        return Math.Sqrt(squared.Max());
    }
}
