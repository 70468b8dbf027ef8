namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The number of nonzeros in each column of the Cholesky factor L (diagonal included), without
/// forming L: the algorithm of Gilbert, Ng and Peyton (1994) in nearly O(nnz(A)) time.
/// </summary>
/// <remarks>
/// Row i of L is the union of the tree paths from each j with A(i, j) != 0, j &lt; i, up to i: the
/// "row subtree" of i. Column j's count is the number of row subtrees containing j. Counting per
/// column by differences: +1 at each leaf of a row subtree, -1 at the least common ancestor of
/// consecutive leaves (found with a disjoint-set forest), -1 at each node for its parent's
/// accumulation; summing the differences up the tree gives the counts.
/// </remarks>
internal static class ColumnCounts
{
    /// <summary>
    /// Counts for a postordered tree: <paramref name="parent"/> is already in postorder numbering and
    /// row/column k of the matrix is the graph's vertex <c>order[k]</c>.
    /// </summary>
    public static int[] Compute(AdjacencyGraph graph, int[] order, int[] position, int[] parent)
    {
        var n = parent.Length;
        var delta = new int[n];
        var firstDescendant = new int[n];
        Array.Fill(firstDescendant, -1);
        for (var k = 0; k < n; k++)
        {
            delta[k] = firstDescendant[k] == -1 ? 1 : 0; // a leaf starts with its diagonal
            for (var j = k; j != -1 && firstDescendant[j] == -1; j = parent[j]) firstDescendant[j] = k;
        }

        var maxFirst = new int[n];
        var previousLeaf = new int[n];
        var ancestor = new int[n];
        Array.Fill(maxFirst, -1);
        Array.Fill(previousLeaf, -1);
        for (var i = 0; i < n; i++) ancestor[i] = i;

        for (var j = 0; j < n; j++)
        {
            if (parent[j] != -1) delta[parent[j]]--;
            foreach (var u in graph.NeighboursOf(order[j]))
            {
                var i = position[u];
                // Is j a leaf of row subtree i? Only if no earlier leaf of it lies in j's subtree.
                if (i <= j || firstDescendant[j] <= maxFirst[i]) continue;
                maxFirst[i] = firstDescendant[j];
                var previous = previousLeaf[i];
                previousLeaf[i] = j;
                delta[j]++;
                if (previous == -1) continue;
                // The paths from the previous leaf and from j meet at their least common ancestor:
                // count the overlap once.
                var q = previous;
                while (q != ancestor[q]) q = ancestor[q];
                for (var s = previous; s != q;)
                {
                    var next = ancestor[s];
                    ancestor[s] = q;
                    s = next;
                }
                delta[q]--;
            }
            if (parent[j] != -1) ancestor[j] = parent[j];
        }

        for (var j = 0; j < n; j++)
            if (parent[j] != -1) delta[parent[j]] += delta[j];
        return delta;
    }
}
