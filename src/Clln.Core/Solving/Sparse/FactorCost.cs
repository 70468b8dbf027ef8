namespace Clln.Core.Solving.Sparse;

/// <summary>
/// What an elimination order will cost, found from the elimination tree and column counts alone
/// (nearly linear time), so candidate orderings can be compared before any factorization.
/// </summary>
internal readonly record struct FactorCost(long NonZeros, double MultiplyAdds)
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

    /// <summary>nnz(L) is the sum of the column counts; the factorization's multiply-adds, the sum of their squares.</summary>
    public static FactorCost FromCounts(int[] columnCounts)
    {
        long nonzeros = 0;
        double multiplyAdds = 0;
        foreach (var c in columnCounts)
        {
            nonzeros += c;
            multiplyAdds += (double)c * c;
        }
        return new FactorCost(nonzeros, multiplyAdds);
    }
}
