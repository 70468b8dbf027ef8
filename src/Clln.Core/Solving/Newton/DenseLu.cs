namespace Clln.Core.Solving.Newton;

/// <summary>
/// Dense LU with partial pivoting, P A = L U, for the Newton solver's nonsymmetric Jacobian on
/// small networks (the lab's 16 nodes have about a dozen free ones, where nothing beats it).
/// </summary>
internal sealed class DenseLu(int size)
{
    private readonly double[] _lu = new double[size * size]; // row-major; L below the diagonal (unit), U on and above
    private readonly int[] _pivot = new int[size];

    public int Size { get; } = size;

    /// <summary>The matrix to factorize, row-major, filled by the caller before <see cref="Factorize"/>.</summary>
    public Span<double> Matrix => _lu;

    /// <summary>Factorizes <see cref="Matrix"/> in place; returns false when a pivot is exactly zero (singular).</summary>
    public bool Factorize()
    {
        var n = Size;
        var a = _lu;
        for (var k = 0; k < n; k++)
        {
            var p = k;
            var best = Math.Abs(a[k * n + k]);
            for (var i = k + 1; i < n; i++)
            {
                var value = Math.Abs(a[i * n + k]);
                if (value > best) (p, best) = (i, value);
            }
            _pivot[k] = p;
            if (best == 0) return false;
            if (p != k)
                for (var j = 0; j < n; j++) (a[k * n + j], a[p * n + j]) = (a[p * n + j], a[k * n + j]);
            var inverse = 1.0 / a[k * n + k];
            for (var i = k + 1; i < n; i++)
            {
                var factor = a[i * n + k] *= inverse;
                if (factor == 0) continue;
                for (var j = k + 1; j < n; j++) a[i * n + j] -= factor * a[k * n + j];
            }
        }
        return true;
    }

    /// <summary>Solves A x = b with the last factor (<paramref name="x"/> may be <paramref name="b"/>).</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        var n = Size;
        var a = _lu;
        if (!b.Overlaps(x)) b.CopyTo(x);
        for (var k = 0; k < n; k++)
            if (_pivot[k] != k) (x[k], x[_pivot[k]]) = (x[_pivot[k]], x[k]);
        for (var i = 0; i < n; i++)
        {
            var sum = x[i];
            for (var j = 0; j < i; j++) sum -= a[i * n + j] * x[j];
            x[i] = sum;
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var j = i + 1; j < n; j++) sum -= a[i * n + j] * x[j];
            x[i] = sum / a[i * n + i];
        }
    }
}
