namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Nested dissection (George, 1973): find a small vertex separator, order the two halves first
/// (recursively) and the separator last. Eliminating a half never fills across the separator, so
/// fill stays confined to ever smaller blocks; on 2-D lattices this gives O(n log n) nonzeros and
/// O(n^1.5) work, where minimum degree drifts well above that on large grids.
/// </summary>
/// <remarks>
/// Separators come from <see cref="GraphBisection"/>. Disconnected pieces are ordered one after
/// the other without a separator; pieces small enough that dissecting them no longer pays are
/// ordered by minimum degree. The seed of the coarsening shuffle is fixed: the same graph always
/// gets the same order.
/// </remarks>
internal static class NestedDissectionOrdering
{
    /// <summary>Below this many vertices a piece is ordered by minimum degree.</summary>
    public const int LeafSize = 160;

    /// <summary>The elimination order: <c>order[k]</c> is the vertex eliminated k-th.</summary>
    public static int[] Order(AdjacencyGraph graph)
    {
        var n = graph.VertexCount;
        var order = new int[n];
        var localIndex = new int[n];
        Array.Fill(localIndex, -1);
        ulong seed = 0x9E3779B97F4A7C15;

        // Pieces still to order: their vertices (original numbering) and their first position.
        var pending = new Stack<(int[] Vertices, int First)>();
        pending.Push((Enumerable.Range(0, n).ToArray(), 0));
        while (pending.Count > 0)
        {
            var (vertices, first) = pending.Pop();
            var piece = graph.Induced(vertices, localIndex);
            if (vertices.Length <= LeafSize)
            {
                var local = MinimumDegreeOrdering.Order(piece);
                for (var k = 0; k < local.Length; k++) order[first + k] = vertices[local[k]];
                continue;
            }

            var components = Components(piece);
            if (components.Count > 1)
            {
                foreach (var component in components)
                {
                    pending.Push((component.Select(v => vertices[v]).ToArray(), first));
                    first += component.Length;
                }
                continue;
            }

            var side = GraphBisection.Separate(WeightedGraph.Unweighted(piece), ref seed);
            var parts = new List<int>[3] { [], [], [] };
            for (var v = 0; v < side.Length; v++) parts[side[v]].Add(vertices[v]);
            if (parts[0].Count == 0 || parts[1].Count == 0)
            {
                // No useful separator (a clique, say): minimum degree does as well as anything.
                var local = MinimumDegreeOrdering.Order(piece);
                for (var k = 0; k < local.Length; k++) order[first + k] = vertices[local[k]];
                continue;
            }
            pending.Push((parts[0].ToArray(), first));
            pending.Push((parts[1].ToArray(), first + parts[0].Count));
            var separatorFirst = first + parts[0].Count + parts[1].Count;
            for (var k = 0; k < parts[2].Count; k++) order[separatorFirst + k] = parts[2][k];
        }
        return order;
    }

    /// <summary>Connected components, each as a list of vertices in increasing order.</summary>
    private static List<int[]> Components(AdjacencyGraph graph)
    {
        var n = graph.VertexCount;
        var component = new int[n];
        Array.Fill(component, -1);
        var result = new List<int[]>();
        var queue = new int[n];
        for (var root = 0; root < n; root++)
        {
            if (component[root] >= 0) continue;
            int head = 0, tail = 0;
            queue[tail++] = root;
            component[root] = result.Count;
            while (head < tail)
            {
                var v = queue[head++];
                foreach (var u in graph.NeighboursOf(v))
                {
                    if (component[u] >= 0) continue;
                    component[u] = result.Count;
                    queue[tail++] = u;
                }
            }
            var members = queue.AsSpan(0, tail).ToArray();
            Array.Sort(members);
            result.Add(members);
        }
        return result;
    }
}
