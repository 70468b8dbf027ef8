using Clln.Core.Solving;
using Clln.Core.Solving.Sparse;
using CsCheck;

namespace Clln.Core.Tests.Solving;

/// <summary>
/// The orderings and the symbolic analysis: valid permutations, separators that separate, fill
/// predicted exactly (checked by eliminating on a dense boolean matrix), and nested dissection
/// driving a factorization that still solves like the dense one.
/// </summary>
public sealed class FillReducingOrderingTests
{
    /// <summary>Random graphs: 1 to 80 vertices, mean degree up to 8, possibly disconnected.</summary>
    private static readonly Gen<AdjacencyGraph> RandomGraphs =
        Gen.Select(Gen.Int[1, 80], Gen.Double[0, 8], Gen.Int[0, 1_000_000]).Select((size, meanDegree, seed) =>
        {
            var random = new Random(seed);
            var edges = new List<(int, int, double)>();
            for (var e = 0; e < (int)(meanDegree * size / 2); e++) edges.Add((random.Next(size), random.Next(size), 1.0));
            var m = SpdMatrix.Laplacian(size, edges, Enumerable.Repeat(1.0, size).ToArray());
            return AdjacencyGraph.FromSymmetricPattern(m.Size, m.RowStart, m.Columns);
        });

    [Fact]
    public void Minimum_degree_and_nested_dissection_orders_are_permutations()
    {
        RandomGraphs.Sample(graph =>
        {
            AssertPermutation(MinimumDegreeOrdering.Order(graph), graph.VertexCount);
            AssertPermutation(NestedDissectionOrdering.Order(graph, leafSize: 8), graph.VertexCount);
        }, iter: 200);
    }

    [Fact]
    public void The_predicted_fill_is_the_fill_of_elimination()
    {
        RandomGraphs.Sample(graph =>
        {
            var order = MinimumDegreeOrdering.Order(graph);
            Assert.Equal(EliminatedNonZeros(graph, order), FactorCost.Of(graph, order).NonZeros);
            var natural = Enumerable.Range(0, graph.VertexCount).ToArray();
            Assert.Equal(EliminatedNonZeros(graph, natural), FactorCost.Of(graph, natural).NonZeros);
        }, iter: 200);
    }

    [Fact]
    public void Constrained_minimum_degree_eliminates_the_sets_in_order()
    {
        Gen.Select(RandomGraphs, Gen.Int[1, 5], Gen.Int).Sample((graph, sets, seed) =>
        {
            var random = new Random(seed);
            var constraint = Enumerable.Range(0, graph.VertexCount).Select(_ => random.Next(sets)).ToArray();
            var order = MinimumDegreeOrdering.Order(graph, constraint);
            AssertPermutation(order, graph.VertexCount);
            for (var k = 1; k < order.Length; k++)
                Assert.True(constraint[order[k - 1]] <= constraint[order[k]], $"set {constraint[order[k - 1]]} eliminated after set {constraint[order[k]]}");
        }, iter: 200);
    }

    [Theory]
    [InlineData(30, false, 40)]  // an open 30 x 30 grid: one straight line of 30 separates it
    [InlineData(30, true, 75)]   // a 30 x 30 torus needs two rings of 30
    public void Bisection_finds_a_small_separator_that_separates(int side, bool periodic, int largestAcceptable)
    {
        var graph = LatticeGraph(side, periodic);
        ulong seed = 1;
        var localIndex = Enumerable.Repeat(-1, graph.VertexCount).ToArray();
        using var weighted = WeightedGraph.Induced(graph, Enumerable.Range(0, graph.VertexCount).ToArray(), localIndex);
        var part = GraphBisection.Separate(weighted, ref seed).AsSpan(0, graph.VertexCount).ToArray();
        var counts = new int[3];
        foreach (var p in part) counts[p]++;
        Assert.True(counts[2] <= largestAcceptable, $"separator of {counts[2]} vertices");
        Assert.True(Math.Max(counts[0], counts[1]) <= SeparatorRefinement.MaxSideShare * graph.VertexCount, $"sides {counts[0]} and {counts[1]}");
        for (var v = 0; v < graph.VertexCount; v++)
            foreach (var u in graph.NeighboursOf(v))
                Assert.False(part[v] + part[u] == 1, $"edge {v}-{u} joins the two sides");
    }

    [Fact]
    public void Nested_dissection_needs_much_less_work_than_minimum_degree_on_a_torus()
    {
        var graph = LatticeGraph(120, periodic: true);
        var minimumDegree = FactorCost.Of(graph, MinimumDegreeOrdering.Order(graph));
        var dissection = FactorCost.Of(graph, NestedDissectionOrdering.Order(graph, leafSize: 1000));
        Assert.True(dissection.Flops < 0.8 * minimumDegree.Flops,
            $"nested dissection {dissection.Flops:g3} vs minimum degree {minimumDegree.Flops:g3} flops");
    }

    [Theory]
    [InlineData(14, true)]
    [InlineData(13, false)]
    public void A_factor_ordered_by_nested_dissection_solves_like_the_dense_factor(int side, bool periodic)
    {
        var matrix = SpdMatrix.Lattice(side, side, periodic, seed: side, 0, side * side / 3);
        var graph = AdjacencyGraph.FromSymmetricPattern(matrix.Size, matrix.RowStart, matrix.Columns);
        var order = NestedDissectionOrdering.Order(graph, leafSize: 12);
        var factor = new SupernodalFactor(SupernodalStructure.Analyze(matrix.Size, matrix.RowStart, matrix.Columns, graph, order));
        factor.Factorize(matrix.Values);
        var b = SpdMatrix.RandomVector(matrix.Size, seed: 1);
        var x = new double[matrix.Size];
        factor.Solve(b, x);
        Assert.True(SpdMatrix.RelativeDifference(x, matrix.SolveDense(b)) <= 1e-12);
    }

    [Fact]
    public void The_same_pattern_gets_the_same_order()
    {
        var graph = LatticeGraph(40, periodic: true);
        Assert.Equal(NestedDissectionOrdering.Order(graph, leafSize: 50), NestedDissectionOrdering.Order(graph, leafSize: 50));
        Assert.Equal(FillReducingOrdering.Choose(graph).Order, FillReducingOrdering.Choose(graph).Order);
    }

    private static void AssertPermutation(int[] order, int size)
    {
        Assert.Equal(size, order.Length);
        Assert.Equal(Enumerable.Range(0, size), order.Order());
    }

    private static AdjacencyGraph LatticeGraph(int side, bool periodic)
    {
        var m = SpdMatrix.Lattice(side, side, periodic, seed: 0);
        return AdjacencyGraph.FromSymmetricPattern(m.Size, m.RowStart, m.Columns);
    }

    /// <summary>nnz(L) by brute force: eliminate on a dense boolean matrix, each pivot joining its later neighbours into a clique.</summary>
    private static long EliminatedNonZeros(AdjacencyGraph graph, int[] order)
    {
        var n = graph.VertexCount;
        var position = new int[n];
        for (var k = 0; k < n; k++) position[order[k]] = k;
        var pattern = new bool[n, n];
        for (var v = 0; v < n; v++)
            foreach (var u in graph.NeighboursOf(v)) pattern[position[v], position[u]] = true;
        long count = n;
        for (var k = 0; k < n; k++)
        {
            var later = Enumerable.Range(k + 1, n - k - 1).Where(i => pattern[i, k]).ToArray();
            count += later.Length;
            foreach (var i in later)
                foreach (var j in later) pattern[i, j] = true;
        }
        return count;
    }
}
