using Clln.Core.Solving;
using Clln.Core.Topologies;

namespace Clln.Core.Tests.Solving;

/// <summary>
/// A symmetric matrix in the form the factorizations take (compressed rows of both triangles,
/// sorted, diagonal present): a weighted graph Laplacian plus a diagonal, the shape of the free-node
/// block of a resistor network (the diagonal is the conductance to held nodes).
/// </summary>
internal sealed record SpdMatrix(int Size, int[] RowStart, int[] Columns, double[] Values)
{
    /// <summary>Laplacian of the weighted edges plus <paramref name="diagonal"/> (parallel edges add up, self-loops are ignored).</summary>
    public static SpdMatrix Laplacian(int size, IReadOnlyList<(int A, int B, double Weight)> edges, double[] diagonal)
    {
        var entries = new SortedDictionary<int, double>[size];
        for (var i = 0; i < size; i++) entries[i] = new SortedDictionary<int, double> { [i] = diagonal[i] };
        foreach (var (a, b, w) in edges)
        {
            if (a == b) continue;
            entries[a][a] += w;
            entries[b][b] += w;
            entries[a][b] = entries[a].GetValueOrDefault(b) - w;
            entries[b][a] = entries[b].GetValueOrDefault(a) - w;
        }
        var rowStart = new int[size + 1];
        for (var i = 0; i < size; i++) rowStart[i + 1] = rowStart[i] + entries[i].Count;
        var columns = new int[rowStart[size]];
        var values = new double[rowStart[size]];
        for (var i = 0; i < size; i++)
        {
            var p = rowStart[i];
            foreach (var (c, v) in entries[i])
            {
                columns[p] = c;
                values[p++] = v;
            }
        }
        return new SpdMatrix(size, rowStart, columns, values);
    }

    /// <summary>
    /// The free-node block of a lattice of conductances in [0.5, 1.5) with a few nodes held: the
    /// held nodes are dropped and their conductances land on their neighbours' diagonals.
    /// </summary>
    public static SpdMatrix Lattice(int rows, int columns, bool periodic, int seed, params int[] heldNodes)
    {
        var topology = Topology.SquareLattice(rows, columns, periodic);
        var random = new Random(seed);
        var freeIndex = new int[topology.NodeCount];
        var next = 0;
        for (var i = 0; i < freeIndex.Length; i++) freeIndex[i] = heldNodes.Contains(i) ? -1 : next++;
        var diagonal = new double[next];
        var edges = new List<(int, int, double)>();
        foreach (var (from, to) in topology.Pairs)
        {
            var k = 0.5 + random.NextDouble();
            var (a, b) = (freeIndex[from], freeIndex[to]);
            if (a >= 0 && b >= 0) edges.Add((a, b, k));
            else if (a >= 0) diagonal[a] += k;
            else if (b >= 0) diagonal[b] += k;
        }
        return Laplacian(next, edges, diagonal);
    }


    public double[] Multiply(double[] x)
    {
        var y = new double[Size];
        for (var i = 0; i < Size; i++)
            for (var p = RowStart[i]; p < RowStart[i + 1]; p++) y[i] += Values[p] * x[Columns[p]];
        return y;
    }

    public double[] SolveDense(double[] b)
    {
        var dense = new DenseCholesky(Size, RowStart, Columns);
        dense.Factorize(Values);
        var x = new double[Size];
        dense.Solve(b, x);
        return x;
    }

    public double[] SolveSparse(double[] b)
    {
        var sparse = SparseCholesky.Analyze(Size, RowStart, Columns);
        sparse.Factorize(Values);
        var x = new double[Size];
        sparse.Solve(b, x);
        return x;
    }

    public static double[] RandomVector(int size, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, size).Select(_ => random.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>max |x - y| / max |y|: the error of x measured on the scale of the reference y.</summary>
    public static double RelativeDifference(double[] x, double[] y)
    {
        double difference = 0, scale = 0;
        for (var i = 0; i < x.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(x[i] - y[i]));
            scale = Math.Max(scale, Math.Abs(y[i]));
        }
        return scale == 0 ? difference : difference / scale;
    }
}
