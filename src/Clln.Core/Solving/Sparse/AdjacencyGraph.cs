namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The undirected graph of a symmetric sparsity pattern: vertex i is row i, and i and j are
/// neighbours when entry (i, j) is structurally nonzero off the diagonal. Orderings work on this.
/// </summary>
internal sealed class AdjacencyGraph
{
    private AdjacencyGraph(int[] start, int[] neighbours)
    {
        Start = start;
        Neighbours = neighbours;
    }

    public int VertexCount => Start.Length - 1;

    /// <summary>Neighbours of vertex v are <c>Neighbours[Start[v] .. Start[v + 1])</c>.</summary>
    public int[] Start { get; }

    public int[] Neighbours { get; }

    public int EdgeEndCount => Neighbours.Length;

    public ReadOnlySpan<int> NeighboursOf(int v) => Neighbours.AsSpan(Start[v], Start[v + 1] - Start[v]);

    public int Degree(int v) => Start[v + 1] - Start[v];

    /// <summary>The graph of a full symmetric pattern in compressed rows (the diagonal is dropped).</summary>
    public static AdjacencyGraph FromSymmetricPattern(int size, int[] rowStart, int[] columns)
    {
        var start = new int[size + 1];
        for (var r = 0; r < size; r++)
        {
            var count = 0;
            for (var p = rowStart[r]; p < rowStart[r + 1]; p++)
                if (columns[p] != r) count++;
            start[r + 1] = start[r] + count;
        }
        var neighbours = new int[start[size]];
        for (var r = 0; r < size; r++)
        {
            var q = start[r];
            for (var p = rowStart[r]; p < rowStart[r + 1]; p++)
                if (columns[p] != r) neighbours[q++] = columns[p];
        }
        return new AdjacencyGraph(start, neighbours);
    }

    /// <summary>
    /// The subgraph induced by <paramref name="vertices"/>, renumbered 0.. in the given order.
    /// <paramref name="localIndex"/> is scratch of length <see cref="VertexCount"/> holding -1
    /// everywhere; it is left that way.
    /// </summary>
    public AdjacencyGraph Induced(ReadOnlySpan<int> vertices, int[] localIndex)
    {
        for (var k = 0; k < vertices.Length; k++) localIndex[vertices[k]] = k;
        var start = new int[vertices.Length + 1];
        for (var k = 0; k < vertices.Length; k++)
        {
            var count = 0;
            foreach (var u in NeighboursOf(vertices[k]))
                if (localIndex[u] >= 0) count++;
            start[k + 1] = start[k] + count;
        }
        var neighbours = new int[start[vertices.Length]];
        for (var k = 0; k < vertices.Length; k++)
        {
            var q = start[k];
            foreach (var u in NeighboursOf(vertices[k]))
                if (localIndex[u] >= 0) neighbours[q++] = localIndex[u];
        }
        foreach (var v in vertices) localIndex[v] = -1;
        return new AdjacencyGraph(start, neighbours);
    }
}
