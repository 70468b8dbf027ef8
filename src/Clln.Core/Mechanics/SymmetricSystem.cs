namespace Clln.Core.Mechanics;

/// <summary>
/// Dense symmetric positive definite systems of the small elastic networks a reference solve
/// handles (a few hundred coordinates): factor in place by Cholesky, then solve.
/// </summary>
internal static class SymmetricSystem
{
    /// <summary>The rows and columns <paramref name="keep"/> of <paramref name="matrix"/>.</summary>
    public static double[,] Restrict(double[,] matrix, int[] keep)
    {
        var reduced = new double[keep.Length, keep.Length];
        for (var i = 0; i < keep.Length; i++)
            for (var j = 0; j < keep.Length; j++) reduced[i, j] = matrix[keep[i], keep[j]];
        return reduced;
    }

    /// <summary>
    /// Replaces the lower triangle of <paramref name="a"/> by its Cholesky factor; returns null, or
    /// the first row whose pivot is not above <paramref name="floor"/> (the matrix is not positive definite there).
    /// </summary>
    public static int? Factor(double[,] a, double floor)
    {
        var n = a.GetLength(0);
        for (var j = 0; j < n; j++)
        {
            var d = a[j, j];
            for (var k = 0; k < j; k++) d -= a[j, k] * a[j, k];
            if (!(d > floor)) return j;
            var pivot = Math.Sqrt(d);
            a[j, j] = pivot;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[i, j];
                for (var k = 0; k < j; k++) s -= a[i, k] * a[j, k];
                a[i, j] = s / pivot;
            }
        }
        return null;
    }

    /// <summary>Solves L L^T x = b with the factor from <see cref="Factor"/>.</summary>
    public static double[] Solve(double[,] factor, double[] b)
    {
        var n = b.Length;
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= factor[i, k] * y[k];
            y[i] = s / factor[i, i];
        }
        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var s = y[i];
            for (var k = i + 1; k < n; k++) s -= factor[k, i] * x[k];
            x[i] = s / factor[i, i];
        }
        return x;
    }
}
