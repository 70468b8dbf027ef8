using Clln.Core.Solving;

namespace Clln.Core.Mechanics;

/// <summary>An elastic network at mechanical equilibrium: every node's position (x0, y0, x1, ...), its energy, and the Newton steps it took.</summary>
public sealed record SpringEquilibrium(double[] Positions, double Energy, int Steps)
{
    /// <summary>The network at <paramref name="positions"/> settled by other means (the actors): its energy there, no Newton steps.</summary>
    public static SpringEquilibrium At(SpringNetwork network, double[] positions) => new(positions, SpringForces.Energy(network, positions), 0);

    /// <summary>Metres: spring <paramref name="spring"/>'s length here.</summary>
    public double Length(Spring spring) => SpringForces.Length(Positions, spring);
}

/// <summary>
/// The reference engine for elastic networks: Newton's method on the whole network's energy, the
/// held nodes where the caller puts them (imposed displacements), a backtracking line search on
/// the energy so that every step lowers it. Converged when no free coordinate feels a net force
/// above 1e-12 of the stiffest spring's pull at unit strain of the longest, and Newton's next
/// correction is below 1e-13 of the longest spring or no longer shrinks: on a badly conditioned
/// network a force that small can still leave the softest mode far off, and only the correction
/// says how far; it stops shrinking where the forces' rounding, over the softest mode's
/// stiffness, sets how closely the positions can be known at all.
/// </summary>
public static class SpringSolver
{
    private const int MaxSteps = 200;

    /// <param name="held">Positions (x0, y0, x1, ...) of which only the held nodes' are read; null: the rest positions.</param>
    /// <param name="start">Where the free nodes start; null: the rest positions.</param>
    /// <param name="alsoHeld">Nodes held for this solve only, where <paramref name="held"/> puts them (a clamped output).</param>
    public static SpringEquilibrium Solve(SpringNetwork network, double[]? held = null, double[]? start = null, IReadOnlyCollection<int>? alsoHeld = null)
    {
        var rest = network.RestPositions();
        var x = (start ?? rest).ToArray();
        bool Held(int node) => network.Nodes[node].Held || (alsoHeld?.Contains(node) ?? false);
        var free = Enumerable.Range(0, x.Length).Where(d => !Held(d / 2)).ToArray();
        for (var d = 0; d < x.Length; d++)
            if (Held(d / 2)) x[d] = (held ?? rest)[d];
        var length = network.Springs.Count == 0 ? 1.0 : network.Springs.Max(s => s.RestLength);
        var scale = network.Springs.Count == 0 ? 1.0 : network.Springs.Max(s => s.Stiffness) * length;
        var energy = SpringForces.Energy(network, x);
        var lastCorrection = double.PositiveInfinity;
        for (var step = 0; step <= MaxSteps; step++)
        {
            var gradient = SpringForces.Gradient(network, x);
            var g = free.Select(d => gradient[d]).ToArray();
            if (g.Length == 0) return new SpringEquilibrium(x, energy, step);
            // The exact stiffness where it is positive definite (quadratic convergence near a stable
            // equilibrium); else without compressed springs' negative term across themselves.
            var floor = 1e-14 * network.Springs.Max(s => s.Stiffness);
            var h = SymmetricSystem.Restrict(SpringForces.Hessian(network, x), free);
            if (SymmetricSystem.Factor(h, floor) is not null)
            {
                h = SymmetricSystem.Restrict(SpringForces.Hessian(network, x, semidefinite: true), free);
                if (SymmetricSystem.Factor(h, floor) is { } pivot)
                    throw new NoEquilibriumException($"node '{network.Nodes[free[pivot] / 2].Name}' lost its stiffness (springs collapsed or buckled): no equilibrium found");
            }
            var dx = SymmetricSystem.Solve(h, g);
            var correction = dx.Max(Math.Abs);
            var balanced = g.Max(Math.Abs) <= 1e-12 * scale;
            if (balanced && (correction <= 1e-13 * length || correction >= 0.25 * lastCorrection))
                return new SpringEquilibrium(x, energy, step);
            lastCorrection = correction;
            if (balanced)
            {
                // Within the energy's rounding of the minimum, where a line search sees no decrease: Newton's full step.
                for (var i = 0; i < free.Length; i++) x[free[i]] -= dx[i];
                energy = SpringForces.Energy(network, x);
                continue;
            }
            var slope = -g.Select((gi, i) => gi * dx[i]).Sum();
            var t = 1.0;
            double[] trial;
            double trialEnergy;
            while (true)
            {
                trial = x.ToArray();
                for (var i = 0; i < free.Length; i++) trial[free[i]] -= t * dx[i];
                trialEnergy = SpringForces.Energy(network, trial);
                // Armijo's sufficient decrease, up to the energy's rounding (near the end no step can show more).
                if (trialEnergy <= energy + 1e-4 * t * slope + 1e-14 * Math.Abs(energy) || t < 1e-12) break;
                t /= 2;
            }
            (x, energy) = (trial, trialEnergy);
        }
        throw new NoEquilibriumException($"no mechanical equilibrium within {MaxSteps} Newton steps");
    }
}
