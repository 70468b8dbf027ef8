namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Multilevel vertex separators (in the manner of METIS): coarsen the graph by heavy-edge
/// matching until it is small, find a good separator there by trying several grown regions, then
/// carry it back level by level, refining it with FM passes at each one.
/// </summary>
internal static class GraphBisection
{
    /// <summary>Coarsening stops at about this many vertices.</summary>
    private const int CoarsestSize = 120;

    /// <summary>Grown regions tried on the coarsest graph.</summary>
    private const int InitialTrials = 6;

    /// <summary>
    /// Labels each vertex of a connected graph 0 or 1 (the two halves) or 2 (the separator), with no
    /// edge between the halves, a small separator and halves of similar weight. The labels come in
    /// an array from <see cref="IntPool"/> (possibly longer than the graph), to be returned there.
    /// </summary>
    public static int[] Separate(WeightedGraph graph, ref ulong seed)
    {
        var levels = new List<(WeightedGraph Fine, int[] CoarseOf)>();
        var current = graph;
        var maxVertexWeight = Math.Max(1, (int)(1.5 * graph.TotalWeight / CoarsestSize));
        while (current.VertexCount > CoarsestSize)
        {
            var (coarse, coarseOf) = GraphCoarsening.Contract(current, maxVertexWeight, ref seed);
            if (coarse.VertexCount > 0.9 * current.VertexCount)
            {
                // Matching stalls (stars, cliques): stop coarsening here.
                coarse.Dispose();
                IntPool.Return(coarseOf);
                break;
            }
            levels.Add((current, coarseOf));
            current = coarse;
        }

        using var refinement = new SeparatorRefinement(graph.VertexCount);
        var side = InitialSeparator(current, refinement, ref seed);
        for (var level = levels.Count - 1; level >= 0; level--)
        {
            var (fine, coarseOf) = levels[level];
            var fineSide = IntPool.Rent(fine.VertexCount);
            for (var v = 0; v < fine.VertexCount; v++) fineSide[v] = side[coarseOf[v]];
            refinement.Refine(fine, fineSide);
            IntPool.Return(side);
            IntPool.Return(coarseOf);
            current.Dispose(); // the coarse graph just projected from
            current = fine;
            side = fineSide;
        }
        return side;
    }

    /// <summary>
    /// The best of several tries: grow side 0 breadth-first from a start vertex until it holds half
    /// the weight, make the vertices of side 1 that touch it the separator, and refine.
    /// </summary>
    private static int[] InitialSeparator(WeightedGraph graph, SeparatorRefinement refinement, ref ulong seed)
    {
        var n = graph.VertexCount;
        int[]? best = null;
        (int, int, bool) bestScore = default;
        var starts = new List<int> { FarVertex(graph, 0) };
        for (var t = 1; t < InitialTrials && t < n; t++) starts.Add((int)(GraphCoarsening.Next(ref seed) % (ulong)n));
        foreach (var start in starts)
        {
            var side = GrowRegion(graph, start);
            refinement.Refine(graph, side);
            var score = SeparatorRefinement.Score(graph, side);
            if (best is null || SeparatorRefinement.Better(score, bestScore))
            {
                if (best is not null) IntPool.Return(best);
                best = side;
                bestScore = score;
            }
            else IntPool.Return(side);
        }
        return best!;
    }

    private static int[] GrowRegion(WeightedGraph graph, int start)
    {
        var n = graph.VertexCount;
        var side = IntPool.Rent(n);
        Array.Fill(side, 1, 0, n);
        var half = graph.TotalWeight / 2;
        var queue = new int[n];
        int head = 0, tail = 0, grown = 0;
        queue[tail++] = start;
        side[start] = 0;
        while (head < tail && grown < half)
        {
            var v = queue[head++];
            grown += graph.VertexWeights[v];
            for (var p = graph.Start[v]; p < graph.Start[v + 1]; p++)
            {
                var u = graph.Neighbours[p];
                if (side[u] != 1) continue;
                side[u] = 0; // queued for side 0
                queue[tail++] = u;
            }
        }
        // Queued but not yet taken in: back to side 1.
        for (var k = head; k < tail; k++) side[queue[k]] = 1;
        for (var v = 0; v < n; v++)
        {
            if (side[v] != 1) continue;
            for (var p = graph.Start[v]; p < graph.Start[v + 1]; p++)
                if (side[graph.Neighbours[p]] == 0)
                {
                    side[v] = SeparatorRefinement.Separator;
                    break;
                }
        }
        return side;
    }

    /// <summary>A vertex far from <paramref name="from"/>: the last one reached breadth-first.</summary>
    private static int FarVertex(WeightedGraph graph, int from)
    {
        var n = graph.VertexCount;
        var seen = new bool[n];
        var queue = new int[n];
        int head = 0, tail = 0;
        queue[tail++] = from;
        seen[from] = true;
        while (head < tail)
        {
            var v = queue[head++];
            for (var p = graph.Start[v]; p < graph.Start[v + 1]; p++)
            {
                var u = graph.Neighbours[p];
                if (seen[u]) continue;
                seen[u] = true;
                queue[tail++] = u;
            }
        }
        return queue[tail - 1];
    }
}
