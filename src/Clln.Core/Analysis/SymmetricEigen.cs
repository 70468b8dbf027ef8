namespace Clln.Core.Analysis;

/// <summary>
/// Eigenvalues and eigenvectors of a real symmetric matrix by cyclic Jacobi rotations: slow
/// (O(n^3) a sweep) but simple and accurate to rounding, which is what the analysis of a trained
/// network of at most a few hundred free nodes or edges needs.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>The eigenvalues in ascending order, and the matching unit eigenvectors as columns (vectors[i, k] is component i of vector k).</summary>
    /// <exception cref="ArgumentException">Not square, not symmetric, or not finite.</exception>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("the matrix must be square", nameof(matrix));
        var a = (double[,])matrix.Clone();
        var scale = 0.0;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                if (!double.IsFinite(a[i, j])) throw new ArgumentException("the matrix holds a value that is not a number", nameof(matrix));
                if (Math.Abs(a[i, j] - a[j, i]) > 1e-12 * (Math.Abs(a[i, j]) + Math.Abs(a[j, i]) + double.Epsilon)) throw new ArgumentException("the matrix must be symmetric", nameof(matrix));
                scale = Math.Max(scale, Math.Abs(a[i, j]));
            }
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;

        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off <= 1e-30 * scale * scale * n * n || off == 0) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0) continue;
                    // The rotation that zeroes a[p, q] (Golub and Van Loan, Algorithm 8.4.1).
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var (akp, akq) = (a[k, p], a[k, q]);
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (apk, aqk) = (a[p, k], a[q, k]);
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var (vkp, vkq) = (v[k, p], v[k, q]);
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        var order = Enumerable.Range(0, n).OrderBy(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[n, n];
        for (var k = 0; k < n; k++)
            for (var i = 0; i < n; i++) vectors[i, k] = v[i, order[k]];
        return (values, vectors);
    }
}
