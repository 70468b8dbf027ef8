namespace Clln.Core.Solving;

/// <summary>
/// Dense Cholesky A = L L^T. For the small networks of the lab (16 nodes) this beats any sparse
/// method; the solver uses it below a size threshold.
/// </summary>
public sealed class DenseCholesky : ISpdFactorization
{
    private readonly int[] _rowStart;
    private readonly int[] _columns;
    private readonly double[] _factor; // row-major n x n, lower triangle used

    public DenseCholesky(int size, int[] rowStart, int[] columns)
    {
        Size = size;
        _rowStart = rowStart;
        _columns = columns;
        _factor = new double[size * size];
    }

    public int Size { get; }

    public void Factorize(ReadOnlySpan<double> values)
    {
        var n = Size;
        var l = _factor;
        Array.Clear(l);
        for (var i = 0; i < n; i++)
            for (var p = _rowStart[i]; p < _rowStart[i + 1]; p++)
                l[i * n + _columns[p]] = values[p];

        for (var j = 0; j < n; j++)
        {
            var diagonal = l[j * n + j];
            for (var k = 0; k < j; k++) diagonal -= l[j * n + k] * l[j * n + k];
            if (!(diagonal > 0))
                throw new InvalidOperationException($"matrix is not positive definite at row {j}");
            var root = Math.Sqrt(diagonal);
            l[j * n + j] = root;
            for (var i = j + 1; i < n; i++)
            {
                var sum = l[i * n + j];
                for (var k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = sum / root;
            }
        }
    }

    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        var n = Size;
        var l = _factor;
        b.CopyTo(x);
        for (var i = 0; i < n; i++)
        {
            var sum = x[i];
            for (var k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
            x[i] = sum / l[i * n + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
            x[i] = sum / l[i * n + i];
        }
    }
}
