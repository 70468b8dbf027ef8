namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Groups consecutive columns of L into supernodes: runs of columns that share one row structure
/// below a dense diagonal block, so the numeric factorization works on dense blocks instead of
/// single entries.
/// </summary>
/// <remarks>
/// Fundamental supernodes are exact (a chain j, j+1 with j+1 having the single child j and one
/// row fewer). Most of them are tiny near the leaves, where the per-block overhead would dominate,
/// so a child block is also merged into its parent when it is the parent's last child (so the
/// columns stay contiguous) and the explicit zeros this adds stay a small fraction: generously for
/// small blocks, sparingly for big ones (the thresholds are those popularised by CHOLMOD).
/// </remarks>
internal static class SupernodePartition
{
    /// <summary>
    /// First columns of the supernodes, with a final entry n: supernode s owns columns
    /// <c>[result[s], result[s + 1])</c>. The tree must be postordered.
    /// </summary>
    public static int[] Compute(int[] parent, int[] columnCount)
    {
        var n = parent.Length;
        var childCount = new int[n];
        foreach (var p in parent)
            if (p >= 0) childCount[p]++;

        // Merged blocks so far, as a stack: each is a column range with its row count and nonzeros.
        var first = new List<int>();
        var columns = new List<int>();
        var rows = new List<int>();
        var nonzeros = new List<long>();
        var j = 0;
        while (j < n)
        {
            // The fundamental supernode starting at j.
            var end = j + 1;
            while (end < n && parent[end - 1] == end && childCount[end] == 1 && columnCount[end - 1] == columnCount[end] + 1)
                end++;
            long nz = 0;
            for (var c = j; c < end; c++) nz += columnCount[c];
            int blockColumns = end - j, blockRows = columnCount[j];

            // Absorb the previous block while it is this one's child and cheap enough to pad.
            while (first.Count > 0)
            {
                var top = first.Count - 1;
                var lastColumnOfTop = first[top] + columns[top] - 1;
                if (lastColumnOfTop != j - 1 || parent[lastColumnOfTop] != j) break;
                var mergedColumns = columns[top] + blockColumns;
                var mergedRows = columns[top] + blockRows;
                var mergedNonzeros = nonzeros[top] + nz;
                if (!WorthMerging(mergedColumns, mergedRows, mergedNonzeros)) break;
                j = first[top];
                blockColumns = mergedColumns;
                blockRows = mergedRows;
                nz = mergedNonzeros;
                first.RemoveAt(top);
                columns.RemoveAt(top);
                rows.RemoveAt(top);
                nonzeros.RemoveAt(top);
            }
            first.Add(j);
            columns.Add(blockColumns);
            rows.Add(blockRows);
            nonzeros.Add(nz);
            j = end;
        }
        first.Add(n);
        return first.ToArray();
    }

    private static bool WorthMerging(int columns, int rows, long nonzeros)
    {
        var stored = (long)columns * rows - (long)columns * (columns - 1) / 2;
        var zeros = stored - nonzeros;
        if (zeros == 0 || columns <= 4) return true;
        var fraction = (double)zeros / stored;
        return columns <= 16 ? fraction < 0.8 : columns <= 48 ? fraction < 0.1 : fraction < 0.05;
    }
}
