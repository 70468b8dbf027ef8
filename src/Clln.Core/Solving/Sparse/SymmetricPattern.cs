namespace Clln.Core.Solving.Sparse;

/// <summary>The pattern contract of <see cref="ISpdFactorization"/>, checked once at analysis.</summary>
internal static class SymmetricPattern
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless the arrays are compressed rows of an n x n
    /// pattern with sorted, in-range, distinct columns and every diagonal entry present. (Symmetry
    /// itself is the caller's promise: checking it would cost a transpose.)
    /// </summary>
    public static void Validate(int size, int[] rowStart, int[] columns)
    {
        if (size < 0) throw new ArgumentOutOfRangeException(nameof(size), $"size must not be negative, not {size}");
        if (rowStart.Length != size + 1 || rowStart[0] != 0 || rowStart[size] != columns.Length)
            throw new ArgumentException($"row starts must have {size + 1} entries from 0 to {columns.Length}", nameof(rowStart));
        for (var r = 0; r < size; r++)
        {
            var hasDiagonal = false;
            for (var p = rowStart[r]; p < rowStart[r + 1]; p++)
            {
                var c = columns[p];
                if (c < 0 || c >= size) throw new ArgumentException($"row {r}: column {c} is out of range", nameof(columns));
                if (p > rowStart[r] && c <= columns[p - 1]) throw new ArgumentException($"row {r}: columns are not sorted and distinct", nameof(columns));
                hasDiagonal |= c == r;
            }
            if (!hasDiagonal) throw new ArgumentException($"row {r}: the diagonal entry is missing", nameof(columns));
        }
    }
}
