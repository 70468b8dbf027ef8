namespace Clln.Core.Mechanics;

/// <summary>
/// The elastic energy of a spring network at given positions, its gradient (minus the net force
/// on every coordinate) and its Hessian (the stiffness matrix), assembled spring by spring: each
/// spring contributes its local 2x2 block k [u u^T + (1 - l/r)(I - u u^T)] (u the unit vector
/// along it, r its length), the linearisation a node's local force balance would use.
/// </summary>
public static class SpringForces
{
    public static double Energy(SpringNetwork network, double[] x)
    {
        var e = 0.0;
        foreach (var s in network.Springs) e += s.Energy(Length(x, s));
        return e;
    }

    /// <summary>Metres: the spring's length at positions <paramref name="x"/>.</summary>
    public static double Length(double[] x, Spring s) => Math.Sqrt(Square(x[2 * s.B] - x[2 * s.A]) + Square(x[2 * s.B + 1] - x[2 * s.A + 1]));

    /// <summary>dE/dx for every coordinate (newtons; minus the net spring force on it).</summary>
    public static double[] Gradient(SpringNetwork network, double[] x)
    {
        var g = new double[x.Length];
        foreach (var s in network.Springs)
        {
            var (ux, uy, r) = Direction(x, s);
            var tension = s.Stiffness * (r - s.RestLength);
            g[2 * s.B] += tension * ux;
            g[2 * s.B + 1] += tension * uy;
            g[2 * s.A] -= tension * ux;
            g[2 * s.A + 1] -= tension * uy;
        }
        return g;
    }

    /// <summary>
    /// The stiffness matrix d2E/dx2. <paramref name="semidefinite"/> true keeps the term a spring
    /// adds across itself, k (1 - l/r), only under tension: a compressed spring's negative term
    /// would make the matrix indefinite (buckling), and without it every block is positive
    /// semidefinite, Newton's safe step. At rest (r = l) the term vanishes: small-strain elasticity.
    /// </summary>
    public static double[,] Hessian(SpringNetwork network, double[] x, bool semidefinite = false) =>
        Assemble(network, x, (s, r) => semidefinite ? Math.Max(0, 1 - s.RestLength / r) : 1 - s.RestLength / r);

    /// <summary>
    /// Small-strain (first-order) stiffness: each spring resists only stretching along itself, k u u^T,
    /// whatever its tension. Positive definite on the free coordinates exactly when no node can move,
    /// to first order, without stretching a spring: rigidity.
    /// </summary>
    public static double[,] SmallStrainStiffness(SpringNetwork network, double[] x) => Assemble(network, x, (_, _) => 0.0);

    private static double[,] Assemble(SpringNetwork network, double[] x, Func<Spring, double, double> acrossFactor)
    {
        var h = new double[x.Length, x.Length];
        foreach (var s in network.Springs)
        {
            var (ux, uy, r) = Direction(x, s);
            var across = acrossFactor(s, r);
            var k = s.Stiffness;
            var block = new[,] { { k * (ux * ux + across * (1 - ux * ux)), k * (ux * uy - across * ux * uy) }, { k * (ux * uy - across * ux * uy), k * (uy * uy + across * (1 - uy * uy)) } };
            int[] a = [2 * s.A, 2 * s.A + 1], b = [2 * s.B, 2 * s.B + 1];
            for (var i = 0; i < 2; i++)
                for (var j = 0; j < 2; j++)
                {
                    h[a[i], a[j]] += block[i, j];
                    h[b[i], b[j]] += block[i, j];
                    h[a[i], b[j]] -= block[i, j];
                    h[b[i], a[j]] -= block[i, j];
                }
        }
        return h;
    }

    private static (double Ux, double Uy, double R) Direction(double[] x, Spring s)
    {
        var (dx, dy) = (x[2 * s.B] - x[2 * s.A], x[2 * s.B + 1] - x[2 * s.A + 1]);
        var r = Math.Sqrt(dx * dx + dy * dy);
        return (dx / r, dy / r, r);
    }

    private static double Square(double v) => v * v;
}
