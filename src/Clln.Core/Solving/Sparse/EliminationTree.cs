namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The elimination tree of a symmetric matrix under an ordering: the parent of column j is the row
/// of the first off-diagonal nonzero in column j of the Cholesky factor. Column j of L touches only
/// the columns on the path from j to the root, which is what symbolic analysis exploits.
/// </summary>
internal static class EliminationTree
{
    /// <summary>
    /// Parents (-1 at roots) of the matrix whose row k is the graph's vertex <c>order[k]</c>;
    /// <paramref name="position"/> is the inverse of <paramref name="order"/>. Liu's algorithm: each
    /// off-diagonal entry (k, i), i &lt; k, hangs the current root of i's subtree under k; path
    /// compression through "virtual ancestors" keeps the walk short.
    /// </summary>
    public static int[] Parents(AdjacencyGraph graph, int[] order, int[] position)
    {
        var n = graph.VertexCount;
        var parent = new int[n];
        var ancestor = new int[n];
        for (var k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            foreach (var u in graph.NeighboursOf(order[k]))
            {
                var i = position[u];
                if (i >= k) continue;
                while (i != -1 && i != k)
                {
                    var next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1) parent[i] = k;
                    i = next;
                }
            }
        }
        return parent;
    }

    /// <summary>
    /// A postorder of the forest: <c>result[k]</c> is the node visited k-th, every subtree contiguous
    /// and ending with its root, children visited in increasing order. Renumbering by a postorder
    /// changes no fill but makes supernodes contiguous and the front stack last-in first-out.
    /// </summary>
    public static int[] Postorder(int[] parent)
    {
        var n = parent.Length;
        var firstChild = new int[n];
        var nextSibling = new int[n];
        Array.Fill(firstChild, -1);
        for (var j = n - 1; j >= 0; j--)
        {
            if (parent[j] < 0) continue;
            nextSibling[j] = firstChild[parent[j]];
            firstChild[parent[j]] = j;
        }
        var post = new int[n];
        var stack = new int[n];
        var k = 0;
        for (var root = 0; root < n; root++)
        {
            if (parent[root] >= 0) continue;
            var top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                var node = stack[top];
                var child = firstChild[node];
                if (child < 0)
                {
                    post[k++] = node;
                    top--;
                }
                else
                {
                    firstChild[node] = nextSibling[child]; // consume the child
                    stack[++top] = child;
                }
            }
        }
        return post;
    }

    /// <summary>The parents after renumbering the nodes so that old node <c>post[k]</c> becomes k.</summary>
    public static int[] Renumbered(int[] parent, int[] post)
    {
        var n = parent.Length;
        var newIndex = new int[n];
        for (var k = 0; k < n; k++) newIndex[post[k]] = k;
        var result = new int[n];
        for (var k = 0; k < n; k++)
        {
            var p = parent[post[k]];
            result[k] = p < 0 ? -1 : newIndex[p];
        }
        return result;
    }
}
