using Clln.Core.Hashing;

namespace Clln.Core.Solving.Sparse;

/// <summary>
/// One coarsening step of multilevel partitioning: pairs of neighbours are matched along their
/// heaviest edges and each pair contracted into one vertex, so the coarse graph keeps the big
/// structures (and the small cuts) of the fine one at about half the size.
/// </summary>
internal static class GraphCoarsening
{
    /// <summary>Vertices visited together, in shuffled order, before moving to another block.</summary>
    private const int VisitBlock = 256;

    /// <summary>
    /// The coarse graph and, for each fine vertex, its coarse vertex. The visiting order is random
    /// (seeded, so deterministic) because regular matchings, such as dominoes tiling a lattice,
    /// coarsen into graphs whose best cuts are worse; but it shuffles blocks of consecutive
    /// vertices, and vertices within a block, rather than all at once, so that neighbours stay
    /// near each other in memory (a full shuffle costs several cache misses per vertex on big
    /// graphs). Ties between equally heavy edges are broken at random too. A pair heavier than
    /// <paramref name="maxVertexWeight"/> is not formed, so no coarse vertex dominates a balance.
    /// The coarse graph and the map are pooled: dispose the one and return the other when done.
    /// </summary>
    public static (WeightedGraph Coarse, int[] CoarseOf) Contract(WeightedGraph graph, int maxVertexWeight, ref ulong seed)
    {
        var n = graph.VertexCount;
        var (start, neighbours, edgeWeights, weights) = (graph.Start, graph.Neighbours, graph.EdgeWeights, graph.VertexWeights);
        var visit = BlockShuffledOrder(n, ref seed);
        var salt = Next(ref seed);
        var mate = IntPool.Rent(n);
        Array.Fill(mate, -1, 0, n);
        var coarseOf = IntPool.Rent(n);
        var coarseCount = 0;
        for (var k = 0; k < n; k++)
        {
            var v = visit[k];
            if (mate[v] >= 0) continue;
            int best = v, bestWeight = 0;
            ulong bestRank = 0;
            for (var p = start[v]; p < start[v + 1]; p++)
            {
                var u = neighbours[p];
                if (mate[u] >= 0 || u == v || weights[v] + weights[u] > maxVertexWeight) continue;
                if (edgeWeights[p] < bestWeight) continue;
                // Among equally heavy edges, the partner with the smallest salted hash: random, but cheap.
                var rank = SplitMix64.Finalise((ulong)u ^ salt);
                if (edgeWeights[p] > bestWeight || rank < bestRank)
                {
                    best = u;
                    bestWeight = edgeWeights[p];
                    bestRank = rank;
                }
            }
            mate[v] = best;
            mate[best] = v;
        }

        // Coarse vertices numbered by their lower fine vertex, so the coarse graph keeps the fine
        // one's locality and the contraction below reads the fine graph in order.
        for (var v = 0; v < n; v++)
            if (mate[v] >= v) coarseOf[v] = coarseOf[mate[v]] = coarseCount++;

        // Contract, merging parallel edges.
        var coarseStart = IntPool.Rent(coarseCount + 1);
        var coarseNeighbours = IntPool.Rent(graph.EdgeEndCount);
        var coarseEdgeWeights = IntPool.Rent(graph.EdgeEndCount);
        var coarseWeights = IntPool.Rent(coarseCount);
        Array.Clear(coarseWeights, 0, coarseCount);
        var slot = IntPool.Rent(coarseCount);
        Array.Fill(slot, -1, 0, coarseCount);
        coarseStart[0] = 0;
        var write = 0;
        for (var first = 0; first < n; first++)
        {
            if (mate[first] < first) continue;
            var c = coarseOf[first];
            var rowStart = write;
            for (var v = first; ; v = mate[first])
            {
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
                if (v == mate[first]) break;
            }
            for (var p = rowStart; p < write; p++) slot[coarseNeighbours[p]] = -1;
            coarseStart[c + 1] = write;
        }
        IntPool.Return(visit);
        IntPool.Return(mate);
        IntPool.Return(slot);
        return (new WeightedGraph(coarseCount, coarseStart, coarseNeighbours, coarseEdgeWeights, coarseWeights), coarseOf);
    }

    private static int[] BlockShuffledOrder(int n, ref ulong seed)
    {
        var blocks = new int[(n + VisitBlock - 1) / VisitBlock];
        for (var b = 0; b < blocks.Length; b++) blocks[b] = b;
        Shuffle(blocks, ref seed);
        var visit = IntPool.Rent(n);
        var k = 0;
        foreach (var b in blocks)
        {
            var first = k;
            for (var v = b * VisitBlock; v < Math.Min(n, (b + 1) * VisitBlock); v++) visit[k++] = v;
            Shuffle(visit.AsSpan(first, k - first), ref seed);
        }
        return visit;
    }

    /// <summary>Fisher-Yates with <see cref="Next"/>.</summary>
    private static void Shuffle(Span<int> items, ref ulong seed)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = (int)(((Next(ref seed) >> 32) * (ulong)(i + 1)) >> 32); // uniform in [0, i] without a division
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A xorshift step: the same pseudo-random sequence on every machine and runtime.</summary>
    public static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
