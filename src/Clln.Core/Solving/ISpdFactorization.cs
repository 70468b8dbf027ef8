namespace Clln.Core.Solving;

/// <summary>
/// A factorization of a symmetric positive-definite matrix whose sparsity pattern is fixed once
/// and whose values may change (conductances after a learning step): analyse once, factorize often.
/// </summary>
/// <remarks>
/// The pattern is compressed sparse rows of the full symmetric matrix (both triangles), columns
/// sorted within each row, diagonal present. Values are given in the same order.
/// </remarks>
public interface ISpdFactorization
{
    int Size { get; }

    /// <summary>Computes the factor for these values. Throws <see cref="InvalidOperationException"/> if not positive definite.</summary>
    void Factorize(ReadOnlySpan<double> values);

    /// <summary>Solves A x = b with the last factor.</summary>
    void Solve(ReadOnlySpan<double> b, Span<double> x);
}
