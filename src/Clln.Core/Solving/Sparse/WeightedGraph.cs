namespace Clln.Core.Solving.Sparse;

/// <summary>
/// An undirected graph with integer vertex and edge weights: what a graph becomes when coarsened
/// (a coarse vertex weighs as many original vertices as it stands for, a coarse edge as many
/// original edges as it bundles). Adjacency in compressed rows, each edge stored at both ends.
/// </summary>
internal sealed class WeightedGraph(int[] start, int[] neighbours, int[] edgeWeights, int[] vertexWeights)
{
    public int[] Start { get; } = start;
    public int[] Neighbours { get; } = neighbours;
    public int[] EdgeWeights { get; } = edgeWeights;
    public int[] VertexWeights { get; } = vertexWeights;

    public int VertexCount => VertexWeights.Length;

    public int TotalWeight
    {
        get
        {
            var total = 0;
            foreach (var w in VertexWeights) total += w;
            return total;
        }
    }

    /// <summary>The graph with every vertex and edge of weight 1.</summary>
    public static WeightedGraph Unweighted(AdjacencyGraph graph)
    {
        var edgeWeights = new int[graph.EdgeEndCount];
        Array.Fill(edgeWeights, 1);
        var vertexWeights = new int[graph.VertexCount];
        Array.Fill(vertexWeights, 1);
        return new WeightedGraph(graph.Start, graph.Neighbours, edgeWeights, vertexWeights);
    }
}
