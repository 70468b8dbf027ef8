namespace Clln.Core.Solving.Newton;

/// <summary>
/// Restarted GMRES with a right preconditioner (the flexible form: the preconditioned vectors are
/// kept, so x is updated without applying the preconditioner again). For Newton steps on large
/// networks, whose Jacobian is nonsymmetric but close to a weighted Laplacian that a sparse
/// Cholesky factor inverts well.
/// </summary>
internal static class Gmres
{
    /// <summary>
    /// Solves A x = b from x = 0 until the residual is at most <paramref name="tolerance"/> times |b|.
    /// Returns the iterations taken and the relative residual reached.
    /// </summary>
    /// <param name="apply">y = A x.</param>
    /// <param name="precondition">z = M^-1 r.</param>
    public static (int Iterations, double RelativeResidual) Solve(int n, Action<double[], double[]> apply, Action<double[], double[]> precondition,
        double[] b, double[] x, double tolerance, int restart, int maxIterations)
    {
        Array.Clear(x);
        var bNorm = Norm(b);
        if (bNorm == 0) return (0, 0);
        var m = restart;
        var v = new double[m + 1][];
        var z = new double[m][];
        for (var i = 0; i <= m; i++) v[i] = new double[n];
        for (var i = 0; i < m; i++) z[i] = new double[n];
        var h = new double[(m + 1) * m];
        var cs = new double[m];
        var sn = new double[m];
        var g = new double[m + 1];
        var w = new double[n];
        var total = 0;
        var relative = 1.0;
        while (true)
        {
            // r = b - A x, the restart's first basis vector.
            apply(x, w);
            for (var i = 0; i < n; i++) w[i] = b[i] - w[i];
            var beta = Norm(w);
            relative = beta / bNorm;
            if (relative <= tolerance || total >= maxIterations) return (total, relative);
            for (var i = 0; i < n; i++) v[0][i] = w[i] / beta;
            Array.Clear(g);
            g[0] = beta;
            var k = 0;
            for (var j = 0; j < m && total < maxIterations; j++)
            {
                precondition(v[j], z[j]);
                apply(z[j], w);
                for (var i = 0; i <= j; i++)
                {
                    var hij = Dot(w, v[i]);
                    h[i * m + j] = hij;
                    for (var t = 0; t < n; t++) w[t] -= hij * v[i][t];
                }
                var next = Norm(w);
                h[(j + 1) * m + j] = next;
                if (next > 0)
                    for (var t = 0; t < n; t++) v[j + 1][t] = w[t] / next;
                // Earlier rotations on the new column, then the one that zeroes its subdiagonal.
                for (var i = 0; i < j; i++)
                {
                    var (a, c) = (h[i * m + j], h[(i + 1) * m + j]);
                    h[i * m + j] = cs[i] * a + sn[i] * c;
                    h[(i + 1) * m + j] = -sn[i] * a + cs[i] * c;
                }
                var (hjj, hj1) = (h[j * m + j], h[(j + 1) * m + j]);
                var radius = Math.Sqrt(hjj * hjj + hj1 * hj1);
                (cs[j], sn[j]) = radius > 0 ? (hjj / radius, hj1 / radius) : (1.0, 0.0);
                h[j * m + j] = radius;
                h[(j + 1) * m + j] = 0;
                g[j + 1] = -sn[j] * g[j];
                g[j] = cs[j] * g[j];
                total++;
                k = j + 1;
                if (Math.Abs(g[j + 1]) <= tolerance * bNorm || next == 0) break;
            }
            // Back substitution for the least-squares coefficients, then x += Z y.
            var y = new double[k];
            for (var i = k - 1; i >= 0; i--)
            {
                var sum = g[i];
                for (var t = i + 1; t < k; t++) sum -= h[i * m + t] * y[t];
                y[i] = h[i * m + i] != 0 ? sum / h[i * m + i] : 0;
            }
            for (var i = 0; i < k; i++)
                for (var t = 0; t < n; t++) x[t] += y[i] * z[i][t];
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
