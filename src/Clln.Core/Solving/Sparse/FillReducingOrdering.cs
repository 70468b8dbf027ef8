namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Picks the elimination order. Minimum degree is fast and good on small and irregular graphs;
/// nested dissection wins on large meshes. Both are computed and the one whose factorization
/// costs fewer multiply-adds is kept (scoring needs only the elimination tree and column counts).
/// </summary>
internal static class FillReducingOrdering
{
    public static (int[] Order, string Name, FactorCost Cost) Choose(AdjacencyGraph graph)
    {
        var minimumDegree = MinimumDegreeOrdering.Order(graph);
        var minimumDegreeCost = FactorCost.Of(graph, minimumDegree);
        if (graph.VertexCount <= NestedDissectionOrdering.LeafSize)
            return (minimumDegree, "approximate minimum degree", minimumDegreeCost);
        var dissection = NestedDissectionOrdering.Order(graph);
        var dissectionCost = FactorCost.Of(graph, dissection);
        return dissectionCost.MultiplyAdds < minimumDegreeCost.MultiplyAdds
            ? (dissection, "nested dissection", dissectionCost)
            : (minimumDegree, "approximate minimum degree", minimumDegreeCost);
    }
}
