using Clln.Core.Solving.Sparse;

namespace Clln.Core.Solving;

/// <summary>
/// Sparse Cholesky A = P^T L L^T P of a symmetric positive-definite matrix: a fill-reducing
/// ordering and the symbolic factor are computed once by <see cref="Analyze"/>; then
/// <see cref="Factorize"/> (supernodal, multifrontal) runs for each new set of values and
/// <see cref="Solve"/> for each right-hand side. Not safe for concurrent use.
/// </summary>
public sealed class SparseCholesky : ISpdFactorization
{
    private readonly SupernodalFactor _factor;

    private SparseCholesky(SupernodalFactor factor, string ordering)
    {
        _factor = factor;
        OrderingName = ordering;
    }

    /// <summary>
    /// Orders and analyses a pattern: compressed rows of the full symmetric matrix (both triangles),
    /// columns sorted within each row, diagonal present.
    /// </summary>
    public static SparseCholesky Analyze(int size, int[] rowStart, int[] columns)
    {
        SymmetricPattern.Validate(size, rowStart, columns);
        var graph = AdjacencyGraph.FromSymmetricPattern(size, rowStart, columns);
        var (order, name, _) = FillReducingOrdering.Choose(graph);
        var structure = SupernodalStructure.Analyze(size, rowStart, columns, graph, order);
        return new SparseCholesky(new SupernodalFactor(structure), name);
    }

    public int Size => _factor.Structure.Size;

    /// <summary>Nonzeros of the factor L, diagonal included: the fill the ordering achieved.</summary>
    public long FactorNonZeros => _factor.Structure.FactorNonZeros;

    /// <summary>Floating-point operations of one numeric factorization (about the sum of squared column counts of L).</summary>
    public double FactorFlops => _factor.Structure.FactorFlops;

    /// <summary>Number of supernodes (dense column blocks) of the factor.</summary>
    public int SupernodeCount => _factor.Structure.SupernodeCount;

    /// <summary>Which fill-reducing ordering was chosen.</summary>
    public string OrderingName { get; }

    public void Factorize(ReadOnlySpan<double> values)
    {
        if (values.Length != _factor.Structure.ValueDestination.Length)
            throw new ArgumentException($"expected {_factor.Structure.ValueDestination.Length} values, got {values.Length}", nameof(values));
        _factor.Factorize(values);
    }

    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        if (b.Length != Size || x.Length != Size)
            throw new ArgumentException($"expected vectors of length {Size}, got {b.Length} and {x.Length}");
        _factor.Solve(b, x);
    }
}
