namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Picks the elimination order. Minimum degree is fast and near the best on small graphs, on
/// irregular ones and on open 2-D grids of the sizes here; nested dissection wins where minimum
/// degree goes wrong at scale, a periodic lattice most of all (a third less work on a 316 x 316 torus).
/// </summary>
/// <remarks>
/// Minimum degree runs first and its cost is predicted from the elimination tree and column
/// counts. Dissection costs roughly as much as several minimum degree runs, so it is tried only
/// when the predicted factorization is heavy: more than <see cref="DissectionWorthwhile"/>
/// flops per stored entry of the matrix. Then the cheaper of the two is kept.
/// </remarks>
internal static class FillReducingOrdering
{
    /// <summary>
    /// Above this many predicted flops per matrix entry the factorization takes about as long as
    /// a dissection (some 100 ns per entry, against 0.1 ns per flop at ten gigaflops), so trying
    /// one pays for itself within a few refactorizations.
    /// </summary>
    public const double DissectionWorthwhile = 1000;

    public static (int[] Order, string Name, FactorCost Cost) Choose(AdjacencyGraph graph)
    {
        var minimumDegree = MinimumDegreeOrdering.Order(graph);
        var minimumDegreeCost = FactorCost.Of(graph, minimumDegree);
        var entries = graph.EdgeEndCount + graph.VertexCount;
        if (minimumDegreeCost.Flops <= DissectionWorthwhile * entries)
            return (minimumDegree, "approximate minimum degree", minimumDegreeCost);
        var dissection = NestedDissectionOrdering.Order(graph);
        var dissectionCost = FactorCost.Of(graph, dissection);
        return dissectionCost.Flops < minimumDegreeCost.Flops
            ? (dissection, "nested dissection + constrained minimum degree", dissectionCost)
            : (minimumDegree, "approximate minimum degree", minimumDegreeCost);
    }
}
