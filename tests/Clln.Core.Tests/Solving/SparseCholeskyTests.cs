using Clln.Core.Solving;
using CsCheck;

namespace Clln.Core.Tests.Solving;

/// <summary>The sparse factor against the dense one (an independent, textbook Cholesky).</summary>
public sealed class SparseCholeskyTests
{
    private const double Tolerance = 1e-12;

    /// <summary>
    /// Random connected-or-not graphs with weights of one decade and a few grounded nodes: the free
    /// block of a resistor network, small enough to factor densely, dense enough for real supernodes.
    /// </summary>
    private static readonly Gen<SpdMatrix> RandomLaplacians =
        Gen.Select(Gen.Int[1, 120], Gen.Double[0, 6], Gen.Int[1, 4], Gen.Int[0, 1_000_000])
            .Select((size, meanDegree, grounded, seed) =>
            {
                var random = new Random(seed);
                var edges = new List<(int, int, double)>();
                var count = (int)(meanDegree * size / 2);
                for (var e = 0; e < count; e++)
                    edges.Add((random.Next(size), random.Next(size), 0.2 + 1.8 * random.NextDouble()));
                // Ground a few random nodes, and one node of each component so none floats.
                var diagonal = new double[size];
                for (var g = 0; g < grounded; g++) diagonal[random.Next(size)] += 0.2 + random.NextDouble();
                foreach (var root in ComponentRoots(size, edges)) diagonal[root] += 0.2 + random.NextDouble();
                return SpdMatrix.Laplacian(size, edges, diagonal);
            });

    [Fact]
    public void Solves_random_Laplacian_plus_diagonal_systems_like_the_dense_factor()
    {
        Gen.Select(RandomLaplacians, Gen.Int).Sample((matrix, seed) =>
        {
            var b = SpdMatrix.RandomVector(matrix.Size, seed);
            var expected = matrix.SolveDense(b);
            var actual = matrix.SolveSparse(b);
            var error = SpdMatrix.RelativeDifference(actual, expected);
            Assert.True(error <= Tolerance, $"n = {matrix.Size}: relative difference {error:g3}");
        }, iter: 300);
    }

    [Theory]
    [InlineData(3, 3, true)]
    [InlineData(12, 12, true)]
    [InlineData(16, 9, true)]
    [InlineData(12, 12, false)]
    [InlineData(7, 20, false)]
    [InlineData(1, 40, false)]
    public void Solves_lattice_networks_like_the_dense_factor(int rows, int columns, bool periodic)
    {
        var matrix = SpdMatrix.Lattice(rows, columns, periodic, seed: rows * 100 + columns, 0, rows * columns / 2, rows * columns - 1);
        var b = SpdMatrix.RandomVector(matrix.Size, seed: 7);
        var error = SpdMatrix.RelativeDifference(matrix.SolveSparse(b), matrix.SolveDense(b));
        Assert.True(error <= Tolerance, $"relative difference {error:g3}");
    }

    [Fact]
    public void The_solution_satisfies_the_system_on_a_lattice_too_big_for_a_dense_check()
    {
        var matrix = SpdMatrix.Lattice(40, 40, periodic: true, seed: 1, 0, 820, 1599);
        var b = SpdMatrix.RandomVector(matrix.Size, seed: 3);
        var x = matrix.SolveSparse(b);
        var residual = SpdMatrix.RelativeDifference(matrix.Multiply(x), b);
        Assert.True(residual <= 1e-13, $"relative residual {residual:g3}");
    }

    [Fact]
    public void Solves_a_matrix_of_disconnected_blocks_and_isolated_nodes()
    {
        // Three grounded components (a path, a triangle, a star) and two nodes joined to nothing.
        var edges = new List<(int, int, double)>
        {
            (0, 1, 1.0), (1, 2, 2.0), (2, 3, 0.5),
            (5, 6, 1.5), (6, 7, 1.0), (7, 5, 3.0),
            (9, 10, 1.0), (9, 11, 2.0), (9, 12, 0.25),
        };
        var diagonal = new double[13];
        diagonal[0] = 1.0; diagonal[4] = 2.0; diagonal[6] = 0.5; diagonal[8] = 4.0; diagonal[12] = 1.0;
        var matrix = SpdMatrix.Laplacian(13, edges, diagonal);
        var b = SpdMatrix.RandomVector(13, seed: 11);
        var error = SpdMatrix.RelativeDifference(matrix.SolveSparse(b), matrix.SolveDense(b));
        Assert.True(error <= Tolerance, $"relative difference {error:g3}");
    }

    [Fact]
    public void Solves_a_one_by_one_matrix()
    {
        var sparse = SparseCholesky.Analyze(1, [0, 1], [0]);
        sparse.Factorize([4.0]);
        var x = new double[1];
        sparse.Solve([2.0], x);
        Assert.Equal(0.5, x[0], 15);
        Assert.Equal(1, sparse.FactorNonZeros);
    }

    [Fact]
    public void Refactorizing_with_new_values_gives_the_new_answer()
    {
        var matrix = SpdMatrix.Lattice(10, 10, periodic: true, seed: 5, 0, 55);
        var sparse = SparseCholesky.Analyze(matrix.Size, matrix.RowStart, matrix.Columns);
        var b = SpdMatrix.RandomVector(matrix.Size, seed: 2);
        var x = new double[matrix.Size];

        sparse.Factorize(matrix.Values);
        sparse.Solve(b, x);
        var first = (double[])x.Clone();
        Assert.True(SpdMatrix.RelativeDifference(first, matrix.SolveDense(b)) <= Tolerance);

        var changed = WithNewConductances(matrix, seed: 9);
        sparse.Factorize(changed.Values);
        sparse.Solve(b, x);
        var expected = changed.SolveDense(b);
        Assert.True(SpdMatrix.RelativeDifference(x, expected) <= Tolerance);
        Assert.True(SpdMatrix.RelativeDifference(first, expected) > 1e-3, "the new values should change the answer");
    }

    [Fact]
    public void Repeated_solves_reuse_one_factor()
    {
        var matrix = SpdMatrix.Lattice(9, 11, periodic: false, seed: 4, 0, 98);
        var sparse = SparseCholesky.Analyze(matrix.Size, matrix.RowStart, matrix.Columns);
        sparse.Factorize(matrix.Values);
        for (var seed = 0; seed < 3; seed++)
        {
            var b = SpdMatrix.RandomVector(matrix.Size, seed);
            var x = new double[matrix.Size];
            sparse.Solve(b, x);
            Assert.True(SpdMatrix.RelativeDifference(x, matrix.SolveDense(b)) <= Tolerance);
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    public void A_matrix_that_is_not_positive_definite_is_refused(double badDiagonal)
    {
        var matrix = SpdMatrix.Lattice(8, 8, periodic: true, seed: 3, 0);
        var values = (double[])matrix.Values.Clone();
        var row = 30;
        for (var p = matrix.RowStart[row]; p < matrix.RowStart[row + 1]; p++)
            if (matrix.Columns[p] == row) values[p] = badDiagonal;
        var sparse = SparseCholesky.Analyze(matrix.Size, matrix.RowStart, matrix.Columns);
        var error = Assert.Throws<InvalidOperationException>(() => sparse.Factorize(values));
        Assert.Contains("not positive definite", error.Message);
    }

    [Fact]
    public void A_Laplacian_with_no_ground_is_singular_and_refused()
    {
        // Two nodes joined by one edge, no ground: [[1, -1], [-1, 1]] has a zero pivot exactly.
        var sparse = SparseCholesky.Analyze(2, [0, 2, 4], [0, 1, 0, 1]);
        Assert.Throws<InvalidOperationException>(() => sparse.Factorize([1.0, -1.0, -1.0, 1.0]));
        // An indefinite one: the off-diagonal outweighs the diagonal.
        Assert.Throws<InvalidOperationException>(() => sparse.Factorize([1.0, 2.0, 2.0, 1.0]));
    }

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 0 }, "row 1")]       // row 1 lacks its diagonal
    [InlineData(new[] { 0, 2, 3 }, new[] { 1, 0, 1 }, "row 0")]    // columns not sorted
    [InlineData(new[] { 0, 1, 3 }, new[] { 0, 1, 2 }, "row 1")]    // column out of range
    [InlineData(new[] { 0, 1 }, new[] { 0 }, "row starts")]        // wrong number of row starts
    public void A_malformed_pattern_is_refused_with_the_place_named(int[] rowStart, int[] columns, string place)
    {
        var error = Assert.Throws<ArgumentException>(() => SparseCholesky.Analyze(2, rowStart, columns));
        Assert.Contains(place, error.Message);
    }

    /// <summary>The same pattern with fresh edge weights (a learning step): the Laplacian of the same edges.</summary>
    private static SpdMatrix WithNewConductances(SpdMatrix matrix, int seed)
    {
        var random = new Random(seed);
        var edges = new List<(int, int, double)>();
        var diagonal = new double[matrix.Size];
        for (var i = 0; i < matrix.Size; i++)
        {
            double offSum = 0;
            for (var p = matrix.RowStart[i]; p < matrix.RowStart[i + 1]; p++)
            {
                var j = matrix.Columns[p];
                if (j != i) offSum -= matrix.Values[p];
                if (j > i) edges.Add((i, j, 0.1 + 3 * random.NextDouble()));
            }
            var diag = matrix.Values[Array.IndexOf(matrix.Columns, i, matrix.RowStart[i], matrix.RowStart[i + 1] - matrix.RowStart[i])];
            diagonal[i] = diag - offSum; // the conductance to held nodes stays
        }
        var rebuilt = SpdMatrix.Laplacian(matrix.Size, edges, diagonal);
        Assert.Equal(matrix.Columns, rebuilt.Columns);
        return rebuilt;
    }

    private static IEnumerable<int> ComponentRoots(int size, List<(int A, int B, double)> edges)
    {
        var parent = Enumerable.Range(0, size).ToArray();
        int Find(int v) => parent[v] == v ? v : parent[v] = Find(parent[v]);
        foreach (var (a, b, _) in edges) parent[Find(a)] = Find(b);
        return Enumerable.Range(0, size).Where(v => Find(v) == v);
    }
}
