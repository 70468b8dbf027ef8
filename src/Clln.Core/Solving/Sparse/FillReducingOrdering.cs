namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Picks the elimination order. Minimum degree is fast and near the best on small graphs, on
/// irregular ones and on open 2-D grids of the sizes here; nested dissection wins where minimum
/// degree goes wrong at scale, a periodic lattice most of all (half the work on a 316 x 316 torus).
/// </summary>
/// <remarks>
/// Minimum degree runs first and its cost is predicted from the elimination tree and column
/// counts. Dissection costs roughly as much as several minimum degree runs, so it is tried only
/// when the predicted factorization is heavy: more than <see cref="DissectionWorthwhile"/>
/// multiply-adds per stored entry of the matrix. Then the cheaper of the two is kept.
/// </remarks>
internal static class FillReducingOrdering
{
    /// <summary>
    /// Above this many predicted multiply-adds per matrix entry the factorization takes longer
    /// than a dissection (about 100 ns per entry against about 0.1 ns per multiply-add), so
    /// trying one can pay for itself even before any refactorization.
    /// </summary>
    public const double DissectionWorthwhile = 1000;

    public static (int[] Order, string Name, FactorCost Cost) Choose(AdjacencyGraph graph)
    {
        var minimumDegree = MinimumDegreeOrdering.Order(graph);
        var minimumDegreeCost = FactorCost.Of(graph, minimumDegree);
        var entries = graph.EdgeEndCount + graph.VertexCount;
        if (minimumDegreeCost.MultiplyAdds <= DissectionWorthwhile * entries)
            return (minimumDegree, "approximate minimum degree", minimumDegreeCost);
        var dissection = NestedDissectionOrdering.Order(graph);
        var dissectionCost = FactorCost.Of(graph, dissection);
        return dissectionCost.MultiplyAdds < minimumDegreeCost.MultiplyAdds
            ? (dissection, "nested dissection + constrained minimum degree", dissectionCost)
            : (minimumDegree, "approximate minimum degree", minimumDegreeCost);
    }
}
