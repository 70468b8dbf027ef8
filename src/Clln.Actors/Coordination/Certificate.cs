using Clln.Core.Model;

namespace Clln.Actors.Coordination;

/// <summary>
/// Turns Kirchhoff residuals into a guaranteed distance from the exact equilibrium, for one twin
/// (one set of held nodes). With A the Laplacian of the free nodes (weights g, each edge's
/// dI/dV), D its diagonal (sum of g at a node) and r the net current into each free node, the
/// error is e = A^-1 r, so |e| &lt;= rho A^-1 D 1 = rho z, where rho = max |r_i| / D_i is the
/// largest local Newton correction left (volts) and z solves A z = D 1. z_i is the expected number
/// of random-walk steps from node i to a held node, at least 1, and large on long, thinly held
/// networks: it is why a local threshold must be far below the tolerance.
/// </summary>
/// <remarks>
/// z is found by conjugate gradients and then made a strict upper bound: with c = min (A z)_i / D_i,
/// u = z / c satisfies A u &gt;= D 1, and A^-1 &gt;= 0 (A is an M-matrix) gives A^-1 D 1 &lt;= u.
/// This is the experimenter's check on the actors, computed once per phase; it never feeds the
/// actors' physics. For nonlinear elements A is the (symmetrised) Jacobian and the bound is first order.
/// </remarks>
internal sealed class Certificate
{
    private readonly bool[] _held;
    private readonly double[] _diagonal;

    private Certificate(bool[] held, double[] diagonal, double amplification)
    {
        _held = held;
        _diagonal = diagonal;
        Amplification = amplification;
    }

    /// <summary>max_i u_i: the error bound per volt of the largest local correction.</summary>
    public double Amplification { get; }

    public static Certificate For(Network network, bool[] held, double[] voltages)
    {
        var n = network.NodeCount;
        var diagonal = new double[n];
        var pairs = new List<(int A, int B, double G)>();
        foreach (var edge in network.Edges)
        {
            if (edge.From == edge.To) continue;
            var r = edge.Element.Respond(voltages[edge.From], voltages[edge.To]);
            var g = Math.Max(0.5 * (r.DCurrentDVa - r.DCurrentDVb), 0.0);
            if (!held[edge.From]) diagonal[edge.From] += g;
            if (!held[edge.To]) diagonal[edge.To] += g;
            if (!held[edge.From] && !held[edge.To]) pairs.Add((edge.From, edge.To, g));
        }
        var free = Enumerable.Range(0, n).Where(i => !held[i]).ToArray();
        if (free.Length == 0) return new Certificate(held, diagonal, 0);
        var z = SolveByConjugateGradients(diagonal, pairs, free);
        var az = Apply(diagonal, pairs, free, z);
        var c = free.Min(i => az[i] / diagonal[i]);
        var amplification = c > 0 ? free.Max(i => z[i]) / c : double.PositiveInfinity;
        return new Certificate(held, diagonal, amplification);
    }

    /// <summary>rho: the largest |net current into a free node| / (its total conductance), in volts.</summary>
    public double LocalResidual(double[] netCurrentOut)
    {
        var rho = 0.0;
        for (var i = 0; i < netCurrentOut.Length; i++)
            if (!_held[i] && _diagonal[i] > 0) rho = Math.Max(rho, Math.Abs(netCurrentOut[i]) / _diagonal[i]);
        return rho;
    }

    /// <summary>Volts: no node is farther than this from the exact equilibrium.</summary>
    public double Bound(double[] netCurrentOut) => Amplification == 0 ? 0 : LocalResidual(netCurrentOut) * Amplification;

    private static double[] Apply(double[] diagonal, List<(int A, int B, double G)> pairs, int[] free, double[] x)
    {
        var y = new double[diagonal.Length];
        foreach (var i in free) y[i] = diagonal[i] * x[i];
        foreach (var (a, b, g) in pairs)
        {
            y[a] -= g * x[b];
            y[b] -= g * x[a];
        }
        return y;
    }

    /// <summary>A z = D 1 by Jacobi-preconditioned conjugate gradients, to a relative residual of 1e-12.</summary>
    private static double[] SolveByConjugateGradients(double[] diagonal, List<(int A, int B, double G)> pairs, int[] free)
    {
        var n = diagonal.Length;
        var x = new double[n];
        var r = new double[n];
        var z = new double[n];
        var p = new double[n];
        foreach (var i in free)
        {
            r[i] = diagonal[i];
            z[i] = diagonal[i] > 0 ? 1.0 : 0.0;
            p[i] = z[i];
        }
        var rz = free.Sum(i => r[i] * z[i]);
        var target = 1e-12 * Math.Sqrt(free.Sum(i => diagonal[i] * diagonal[i]));
        for (var iteration = 0; iteration < 20 * free.Length + 1000; iteration++)
        {
            var ap = Apply(diagonal, pairs, free, p);
            var pap = free.Sum(i => p[i] * ap[i]);
            if (!(pap > 0)) break;
            var alpha = rz / pap;
            var norm = 0.0;
            foreach (var i in free)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
                norm += r[i] * r[i];
            }
            if (Math.Sqrt(norm) <= target) break;
            foreach (var i in free) z[i] = diagonal[i] > 0 ? r[i] / diagonal[i] : 0;
            var rzNext = free.Sum(i => r[i] * z[i]);
            var beta = rzNext / rz;
            rz = rzNext;
            foreach (var i in free) p[i] = z[i] + beta * p[i];
        }
        return x;
    }
}
