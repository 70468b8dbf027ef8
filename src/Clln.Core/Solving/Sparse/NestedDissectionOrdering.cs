namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Nested dissection (George, 1973): find a small vertex separator, order the two halves first
/// (recursively) and the separator last. Eliminating a half never fills across the separator, so
/// fill stays confined to ever smaller blocks; on 2-D lattices this gives O(n log n) nonzeros and
/// O(n^1.5) work; on a torus, where minimum degree does poorly, it saves a third of the work.
/// </summary>
/// <remarks>
/// Separators come from <see cref="GraphBisection"/>; disconnected pieces are split without one.
/// Dissection stops at pieces of <see cref="LeafSize"/> vertices. The pieces and separators then
/// become constraint sets for minimum degree (as CHOLMOD combines METIS with CAMD): each set is
/// ordered by minimum degree, every set after those before it, so leaves and separators are
/// ordered knowing the fill already there. Seeds are fixed: the same graph gets the same order.
/// </remarks>
internal static class NestedDissectionOrdering
{
    /// <summary>
    /// Pieces at most this big are not dissected further: constrained minimum degree orders them.
    /// The work of a factorization is dominated by the top separators, so three levels of
    /// dissection (seven separators) capture most of the gain at a bounded cost.
    /// </summary>
    public static int LeafSize(int vertexCount) => Math.Max(400, vertexCount / 8);

    /// <summary>The elimination order: <c>order[k]</c> is the vertex eliminated k-th.</summary>
    public static int[] Order(AdjacencyGraph graph, int? leafSize = null) =>
        MinimumDegreeOrdering.Order(graph, Dissect(graph, leafSize));

    /// <summary>
    /// The constraint set of each vertex: sets numbered in the order their vertices are to be
    /// eliminated (each piece before the separator that split it off).
    /// </summary>
    public static int[] Dissect(AdjacencyGraph graph, int? leafSize = null)
    {
        var n = graph.VertexCount;
        var blockOf = new int[n];        // by position: the first position of the block holding it
        var order = new int[n];          // position -> vertex
        var localIndex = new int[n];
        Array.Fill(localIndex, -1);
        var scratch = new int[n];
        var leaf = leafSize ?? LeafSize(n);
        ulong seed = 0x9E3779B97F4A7C15;

        // Pieces still to order: their vertices (original numbering) and their first position.
        var pending = new Stack<(int[] Vertices, int First)>();
        pending.Push((Enumerable.Range(0, n).ToArray(), 0));
        while (pending.Count > 0)
        {
            var (vertices, first) = pending.Pop();
            if (vertices.Length <= leaf)
            {
                Place(vertices, first, order, blockOf);
                continue;
            }
            using var piece = WeightedGraph.Induced(graph, vertices, localIndex);
            var components = Components(piece, scratch);
            if (components is not null)
            {
                foreach (var component in components)
                {
                    for (var k = 0; k < component.Length; k++) component[k] = vertices[component[k]];
                    pending.Push((component, first));
                    first += component.Length;
                }
                continue;
            }

            var side = GraphBisection.Separate(piece, ref seed);
            var counts = new int[3];
            for (var v = 0; v < vertices.Length; v++) counts[side[v]]++;
            if (counts[0] == 0 || counts[1] == 0)
            {
                IntPool.Return(side);
                Place(vertices, first, order, blockOf); // no useful separator (a clique, say)
                continue;
            }
            var parts = new[] { new int[counts[0]], new int[counts[1]], new int[counts[2]] };
            var fill = new int[3];
            for (var v = 0; v < vertices.Length; v++) parts[side[v]][fill[side[v]]++] = vertices[v];
            IntPool.Return(side);
            pending.Push((parts[0], first));
            pending.Push((parts[1], first + counts[0]));
            Place(parts[2], first + counts[0] + counts[1], order, blockOf);
        }

        // Number the blocks in position order: that is the order the sets are eliminated in.
        var set = new int[n];
        var current = -1;
        for (var k = 0; k < n; k++)
        {
            if (blockOf[k] == k) current++;
            set[order[k]] = current;
        }
        return set;
    }

    private static void Place(int[] vertices, int first, int[] order, int[] blockOf)
    {
        for (var k = 0; k < vertices.Length; k++)
        {
            order[first + k] = vertices[k];
            blockOf[first + k] = first;
        }
    }

    /// <summary>Null when the graph is connected; otherwise its components, each in increasing vertex order.</summary>
    private static List<int[]>? Components(WeightedGraph graph, int[] scratch)
    {
        var n = graph.VertexCount;
        var component = scratch.AsSpan(0, n);
        component.Fill(-1);
        var sizes = new List<int>();
        var queue = IntPool.Rent(n);
        try
        {
            for (var root = 0; root < n; root++)
            {
                if (component[root] >= 0) continue;
                int head = 0, tail = 0;
                queue[tail++] = root;
                component[root] = sizes.Count;
                while (head < tail)
                {
                    var v = queue[head++];
                    for (var p = graph.Start[v]; p < graph.Start[v + 1]; p++)
                    {
                        var u = graph.Neighbours[p];
                        if (component[u] >= 0) continue;
                        component[u] = sizes.Count;
                        queue[tail++] = u;
                    }
                }
                if (root == 0 && tail == n) return null;
                sizes.Add(tail);
            }
        }
        finally
        {
            IntPool.Return(queue);
        }
        var result = sizes.Select(size => new int[size]).ToList();
        var next = new int[sizes.Count];
        for (var v = 0; v < n; v++) result[component[v]][next[component[v]]++] = v;
        return result;
    }
}
