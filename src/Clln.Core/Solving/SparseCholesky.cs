namespace Clln.Core.Solving;

/// <summary>Sparse Cholesky with a fill-reducing ordering. (Placeholder: dense until the sparse one lands.)</summary>
public sealed class SparseCholesky : ISpdFactorization
{
    private readonly DenseCholesky _dense;

    private SparseCholesky(int size, int[] rowStart, int[] columns) => _dense = new DenseCholesky(size, rowStart, columns);

    public static SparseCholesky Analyze(int size, int[] rowStart, int[] columns) => new(size, rowStart, columns);

    public int Size => _dense.Size;

    public void Factorize(ReadOnlySpan<double> values) => _dense.Factorize(values);

    public void Solve(ReadOnlySpan<double> b, Span<double> x) => _dense.Solve(b, x);
}
