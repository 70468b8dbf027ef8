using System.Runtime.CompilerServices;

namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The numeric Cholesky factor L on a fixed <see cref="SupernodalStructure"/>, computed by the
/// multifrontal method, and the triangular solves with it.
/// </summary>
/// <remarks>
/// Supernodes are processed children first. Each one's frontal matrix is its block of L (columns
/// of A scattered in) plus a dense update matrix for the rows below; the children's update
/// matrices, waiting on a stack, are added in ("extend-add"). Dense Cholesky of the block then
/// gives those columns of L, and a rank-k update gives this supernode's own update matrix, pushed
/// for its parent. All storage is allocated once, at construction; refactorizing allocates nothing.
/// Not safe for concurrent use: factorization and solves share working arrays.
/// </remarks>
internal sealed class SupernodalFactor
{
    private readonly SupernodalStructure _structure;
    private readonly double[] _values;      // the blocks of L
    private readonly double[] _stack;       // packed lower triangles of pending update matrices
    private readonly int[] _stackEntries;   // where each pending update matrix starts
    private readonly double[] _front;       // the update matrix being assembled, full square
    private readonly double[] _work;        // a right-hand side in elimination order
    private readonly double[] _local;       // one supernode's entries of it, gathered

    public SupernodalFactor(SupernodalStructure structure)
    {
        _structure = structure;
        _values = new double[structure.BlockStart[structure.SupernodeCount]];
        _stack = new double[structure.StackCapacity];
        _stackEntries = new int[structure.SupernodeCount];
        _front = new double[(long)structure.LargestUpdate * structure.LargestUpdate];
        _work = new double[structure.Size];
        var largestRows = 0;
        for (var s = 0; s < structure.SupernodeCount; s++) largestRows = Math.Max(largestRows, structure.RowCount(s));
        _local = new double[largestRows + 1];
    }

    public SupernodalStructure Structure => _structure;

    /// <summary>Factors the matrix with these values (in the order of the analysed pattern).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Factorize(ReadOnlySpan<double> matrixValues)
    {
        var st = _structure;
        var l = _values;
        Array.Clear(l);
        var destination = st.ValueDestination;
        for (var p = 0; p < destination.Length; p++)
            if (destination[p] >= 0) l[destination[p]] += matrixValues[p];

        var top = 0;
        var depth = 0;
        for (var s = 0; s < st.SupernodeCount; s++)
        {
            var columns = st.ColumnCount(s);
            var rows = st.RowCount(s);
            var update = rows - columns;
            var block = st.BlockStart[s];
            for (var b = 0; b < update; b++) Array.Clear(_front, b * update + b, update - b);

            for (var c = st.ChildStart[s + 1] - 1; c >= st.ChildStart[s]; c--)
            {
                top = _stackEntries[--depth];
                ExtendAdd(st.Children[c], top, block, rows, columns);
            }

            var failed = DenseKernels.FactorBlock(l, block, rows, columns);
            if (failed >= 0)
            {
                var column = st.FirstColumn[s] + failed;
                throw new InvalidOperationException(
                    $"matrix is not positive definite: non-positive pivot at row {st.Order[column]} (elimination step {column} of {st.Size})");
            }

            if (update == 0) continue;
            DenseKernels.SubtractLowerProduct(ref _front[0], update, update, update, ref l[block + columns], rows, columns);
            _stackEntries[depth++] = top;
            for (var b = 0; b < update; b++)
            {
                Array.Copy(_front, b * update + b, _stack, top, update - b);
                top += update - b;
            }
        }
    }

    /// <summary>
    /// Adds a child's update matrix (packed lower triangle at <paramref name="entry"/> on the stack)
    /// into this supernode's front: into its block of L where the child's column is one of this
    /// supernode's columns, into the update matrix otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExtendAdd(int child, int entry, int block, int rows, int columns)
    {
        var st = _structure;
        var size = st.RowCount(child) - st.ColumnCount(child);
        var positions = st.PositionInParent.AsSpan(st.RowStart[child] + st.ColumnCount(child), size);
        var update = rows - columns;
        var source = entry;
        for (var b = 0; b < size; b++)
        {
            var pb = positions[b];
            if (pb < columns)
            {
                ref var target = ref _values[block + pb * rows];
                for (var a = b; a < size; a++) Unsafe.Add(ref target, positions[a]) += _stack[source++];
            }
            else
            {
                // Rows are sorted, so every row from here on is below this supernode's columns too.
                ref var target = ref _front[(pb - columns) * update];
                for (var a = b; a < size; a++) Unsafe.Add(ref target, positions[a] - columns) += _stack[source++];
            }
        }
    }

    /// <summary>
    /// Solves L L^T x = b: forward then backward substitution, supernode by supernode. Each
    /// supernode's rows are gathered into a dense vector, so the work runs down contiguous columns
    /// of its block (vectorised axpys forward, dot products backward), then scattered back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        var st = _structure;
        var order = st.Order;
        var work = _work;
        var local = _local;
        var l = _values;
        var rowsOf = st.Rows;
        for (var k = 0; k < work.Length; k++) work[k] = b[order[k]];

        for (var s = 0; s < st.SupernodeCount; s++)
        {
            int columns = st.ColumnCount(s), rows = st.RowCount(s), rowStart = st.RowStart[s], block = st.BlockStart[s];
            for (var i = 0; i < rows; i++) local[i] = work[rowsOf[rowStart + i]];
            for (var j = 0; j < columns; j++)
            {
                var column = block + j * rows;
                var xj = local[j] /= l[column + j];
                if (xj != 0 && j + 1 < rows)
                    DenseKernels.SubtractScaled(ref local[j + 1], ref l[column + j + 1], xj, rows - j - 1);
            }
            for (var i = 0; i < rows; i++) work[rowsOf[rowStart + i]] = local[i];
        }

        for (var s = st.SupernodeCount - 1; s >= 0; s--)
        {
            int columns = st.ColumnCount(s), rows = st.RowCount(s), rowStart = st.RowStart[s], block = st.BlockStart[s];
            for (var i = 0; i < rows; i++) local[i] = work[rowsOf[rowStart + i]];
            for (var j = columns - 1; j >= 0; j--)
            {
                var column = block + j * rows;
                var below = j + 1 < rows ? DenseKernels.Dot(ref l[column + j + 1], ref local[j + 1], rows - j - 1) : 0.0;
                local[j] = (local[j] - below) / l[column + j];
            }
            for (var j = 0; j < columns; j++) work[rowsOf[rowStart + j]] = local[j];
        }

        for (var k = 0; k < work.Length; k++) x[order[k]] = work[k];
    }
}
