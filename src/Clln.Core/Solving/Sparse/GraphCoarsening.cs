namespace Clln.Core.Solving.Sparse;

/// <summary>
/// One coarsening step of multilevel partitioning: pairs of neighbours are matched along their
/// heaviest edges and each pair contracted into one vertex, so the coarse graph keeps the big
/// structures (and the small cuts) of the fine one at about half the size.
/// </summary>
internal static class GraphCoarsening
{
    /// <summary>
    /// The coarse graph and, for each fine vertex, its coarse vertex. Vertices are visited in a
    /// shuffled but seeded order (deterministic); a pair heavier than
    /// <paramref name="maxVertexWeight"/> is not formed, so no coarse vertex dominates a balance.
    /// </summary>
    public static (WeightedGraph Coarse, int[] CoarseOf) Contract(WeightedGraph graph, int maxVertexWeight, ref ulong seed)
    {
        var n = graph.VertexCount;
        var (start, neighbours, edgeWeights, weights) = (graph.Start, graph.Neighbours, graph.EdgeWeights, graph.VertexWeights);
        var visit = new int[n];
        for (var v = 0; v < n; v++) visit[v] = v;
        Shuffle(visit, ref seed);

        var mate = new int[n];
        Array.Fill(mate, -1);
        var coarseOf = new int[n];
        var coarseCount = 0;
        foreach (var v in visit)
        {
            if (mate[v] >= 0) continue;
            int best = v, bestWeight = 0;
            for (var p = start[v]; p < start[v + 1]; p++)
            {
                var u = neighbours[p];
                if (mate[u] >= 0 || u == v || weights[v] + weights[u] > maxVertexWeight) continue;
                // Heaviest edge; among equals the lighter partner keeps coarse weights even.
                if (edgeWeights[p] > bestWeight || (edgeWeights[p] == bestWeight && weights[u] < weights[best]))
                {
                    best = u;
                    bestWeight = edgeWeights[p];
                }
            }
            mate[v] = best;
            mate[best] = v;
            coarseOf[v] = coarseOf[best] = coarseCount++;
        }

        // Contract: the coarse vertices in order of creation, merging parallel edges.
        var members = new int[coarseCount * 2];
        Array.Fill(members, -1);
        for (var v = 0; v < n; v++)
        {
            var c = coarseOf[v];
            if (members[2 * c] < 0) members[2 * c] = v;
            else members[2 * c + 1] = v;
        }
        var coarseStart = new int[coarseCount + 1];
        var coarseNeighbours = new int[graph.Neighbours.Length];
        var coarseEdgeWeights = new int[graph.Neighbours.Length];
        var coarseWeights = new int[coarseCount];
        var slot = new int[coarseCount];
        Array.Fill(slot, -1);
        var write = 0;
        for (var c = 0; c < coarseCount; c++)
        {
            var rowStart = write;
            for (var m = 0; m < 2; m++)
            {
                var v = members[2 * c + m];
                if (v < 0) continue;
                coarseWeights[c] += weights[v];
                for (var p = start[v]; p < start[v + 1]; p++)
                {
                    var cu = coarseOf[neighbours[p]];
                    if (cu == c) continue;
                    if (slot[cu] < 0)
                    {
                        slot[cu] = write;
                        coarseNeighbours[write] = cu;
                        coarseEdgeWeights[write++] = edgeWeights[p];
                    }
                    else coarseEdgeWeights[slot[cu]] += edgeWeights[p];
                }
            }
            for (var p = rowStart; p < write; p++) slot[coarseNeighbours[p]] = -1;
            coarseStart[c + 1] = write;
        }
        Array.Resize(ref coarseNeighbours, write);
        Array.Resize(ref coarseEdgeWeights, write);
        return (new WeightedGraph(coarseStart, coarseNeighbours, coarseEdgeWeights, coarseWeights), coarseOf);
    }

    /// <summary>Fisher-Yates with a xorshift generator: the same order on every machine and runtime.</summary>
    public static void Shuffle(int[] items, ref ulong seed)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref seed) % (ulong)(i + 1));
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
