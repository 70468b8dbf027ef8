namespace Clln.Core.Solving.Sparse;

/// <summary>
/// An undirected graph with integer vertex and edge weights: what a graph becomes when coarsened
/// (a coarse vertex weighs as many original vertices as it stands for, a coarse edge as many
/// original edges as it bundles). Adjacency in compressed rows, each edge stored at both ends.
/// The arrays come from <see cref="IntPool"/> and may be longer than needed: the counts bound
/// them. Dispose returns them.
/// </summary>
internal sealed class WeightedGraph(int vertexCount, int[] start, int[] neighbours, int[] edgeWeights, int[] vertexWeights) : IDisposable
{
    public int VertexCount { get; } = vertexCount;
    public int[] Start { get; } = start;
    public int[] Neighbours { get; } = neighbours;
    public int[] EdgeWeights { get; } = edgeWeights;
    public int[] VertexWeights { get; } = vertexWeights;

    public int EdgeEndCount => Start[VertexCount];

    public int TotalWeight
    {
        get
        {
            var total = 0;
            for (var v = 0; v < VertexCount; v++) total += VertexWeights[v];
            return total;
        }
    }

    /// <summary>
    /// The subgraph induced by <paramref name="vertices"/>, renumbered 0.. in the given order, with
    /// every vertex and edge of weight 1. <paramref name="localIndex"/> is scratch of the graph's
    /// size holding -1 everywhere; it is left that way.
    /// </summary>
    public static WeightedGraph Induced(AdjacencyGraph graph, ReadOnlySpan<int> vertices, int[] localIndex)
    {
        var n = vertices.Length;
        for (var k = 0; k < n; k++) localIndex[vertices[k]] = k;
        var start = IntPool.Rent(n + 1);
        start[0] = 0;
        for (var k = 0; k < n; k++)
        {
            var count = 0;
            foreach (var u in graph.NeighboursOf(vertices[k]))
                if (localIndex[u] >= 0) count++;
            start[k + 1] = start[k] + count;
        }
        var neighbours = IntPool.Rent(start[n]);
        for (var k = 0; k < n; k++)
        {
            var q = start[k];
            foreach (var u in graph.NeighboursOf(vertices[k]))
                if (localIndex[u] >= 0) neighbours[q++] = localIndex[u];
        }
        foreach (var v in vertices) localIndex[v] = -1;
        var edgeWeights = IntPool.Rent(start[n]);
        Array.Fill(edgeWeights, 1, 0, start[n]);
        var vertexWeights = IntPool.Rent(n);
        Array.Fill(vertexWeights, 1, 0, n);
        return new WeightedGraph(n, start, neighbours, edgeWeights, vertexWeights);
    }

    private bool _returned;

    public void Dispose()
    {
        if (_returned) return;
        _returned = true;
        IntPool.Return(Start);
        IntPool.Return(Neighbours);
        IntPool.Return(EdgeWeights);
        IntPool.Return(VertexWeights);
    }
}
