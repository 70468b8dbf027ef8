namespace Clln.Core.Solving.Sparse;

/// <summary>
/// What an elimination order will cost, found from the elimination tree and column counts alone
/// (nearly linear time), so candidate orderings can be compared before any factorization.
/// </summary>
internal readonly record struct FactorCost(long NonZeros, double Flops)
{
    public static FactorCost Of(AdjacencyGraph graph, int[] order)
    {
        var position = new int[order.Length];
        for (var k = 0; k < order.Length; k++) position[order[k]] = k;
        var parent = EliminationTree.Parents(graph, order, position);
        var post = EliminationTree.Postorder(parent);
        var postordered = new int[order.Length];
        for (var k = 0; k < order.Length; k++) postordered[k] = order[post[k]];
        for (var k = 0; k < order.Length; k++) position[postordered[k]] = k;
        return FromCounts(ColumnCounts.Compute(graph, postordered, position, EliminationTree.Renumbered(parent, post)));
    }

    /// <summary>
    /// nnz(L) is the sum of the column counts. A column with c entries below the diagonal costs
    /// c(c + 1) / 2 multiply-adds in the update of the rest, so the factorization's flops (a
    /// multiply-add counting two) are close to the sum of the squared counts.
    /// </summary>
    public static FactorCost FromCounts(int[] columnCounts)
    {
        long nonzeros = 0;
        double flops = 0;
        foreach (var c in columnCounts)
        {
            nonzeros += c;
            flops += (double)c * c;
        }
        return new FactorCost(nonzeros, flops);
    }
}
