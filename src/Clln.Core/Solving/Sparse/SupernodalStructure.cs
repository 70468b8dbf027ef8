namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The symbolic Cholesky factor: everything about L that does not depend on the values. Built
/// once per sparsity pattern; every refactorization reuses it.
/// </summary>
/// <remarks>
/// Supernode s owns the consecutive columns <c>[FirstColumn[s], FirstColumn[s + 1])</c> (numbered
/// in the final, postordered elimination order) and the sorted rows
/// <c>Rows[RowStart[s] .. RowStart[s + 1])</c>, which begin with its own columns. Its values are a
/// dense column-major block of rows x columns at <c>BlockStart[s]</c> (the strict upper part of the
/// diagonal block unused). The supernodes are in postorder, so a multifrontal factorization can
/// keep the pending update matrices on a stack.
/// </remarks>
internal sealed class SupernodalStructure
{
    private SupernodalStructure(int size, int[] order, int[] firstColumn, int[] rowStart, int[] parent, int inputEntries)
    {
        Size = size;
        Order = order;
        FirstColumn = firstColumn;
        RowStart = rowStart;
        Rows = new int[rowStart[^1]];
        Parent = parent;
        (ChildStart, Children) = ChildLists(parent);
        PositionInParent = new int[Rows.Length];
        ValueDestination = new int[inputEntries];
        var count = firstColumn.Length - 1;
        BlockStart = new int[count + 1];
        long total = 0;
        for (var s = 0; s < count; s++)
        {
            BlockStart[s] = (int)total;
            total += (long)ColumnCount(s) * RowCount(s);
            if (total > Array.MaxLength)
                throw new InvalidOperationException($"the Cholesky factor needs {total} entries, more than one array holds");
        }
        BlockStart[count] = (int)total;
    }

    public int Size { get; }

    /// <summary><c>Order[k]</c> is the original row eliminated k-th.</summary>
    public int[] Order { get; }

    public int[] FirstColumn { get; }
    public int[] RowStart { get; }
    public int[] Rows { get; }
    public int[] BlockStart { get; }

    /// <summary>Supernodal elimination tree: parent of each supernode, -1 at roots.</summary>
    public int[] Parent { get; }

    /// <summary>Children of s are <c>Children[ChildStart[s] .. ChildStart[s + 1])</c>, increasing.</summary>
    public int[] ChildStart { get; }
    public int[] Children { get; }

    /// <summary>For each row entry of a supernode below its columns: that row's index within the parent's rows.</summary>
    public int[] PositionInParent { get; }

    /// <summary>For each stored entry of the input pattern: where its value lands in the factor, or -1 (upper triangle).</summary>
    public int[] ValueDestination { get; }

    /// <summary>Entries of the packed update-matrix stack at its deepest.</summary>
    public long StackCapacity { get; private set; }

    /// <summary>Largest update matrix dimension (rows below a supernode's columns).</summary>
    public int LargestUpdate { get; private set; }

    /// <summary>Nonzeros of L, diagonal included, not counting the explicit zeros of merged supernodes.</summary>
    public long FactorNonZeros { get; private set; }

    /// <summary>Floating-point operations of the numeric factorization, as <see cref="FactorCost"/> counts them.</summary>
    public double FactorFlops { get; private set; }

    public int SupernodeCount => FirstColumn.Length - 1;
    public int ColumnCount(int s) => FirstColumn[s + 1] - FirstColumn[s];
    public int RowCount(int s) => RowStart[s + 1] - RowStart[s];

    /// <summary>
    /// Symbolic analysis of a symmetric pattern (full compressed rows) under a fill-reducing
    /// <paramref name="order"/>. The order is refined by a postorder of its elimination tree, which
    /// keeps the fill and makes supernodes contiguous.
    /// </summary>
    public static SupernodalStructure Analyze(int size, int[] rowStart, int[] columns, AdjacencyGraph graph, int[] order)
    {
        var position = Inverse(order);
        var firstParent = EliminationTree.Parents(graph, order, position);
        var post = EliminationTree.Postorder(firstParent);
        var parent = EliminationTree.Renumbered(firstParent, post);
        var finalOrder = new int[size];
        for (var k = 0; k < size; k++) finalOrder[k] = order[post[k]];
        position = Inverse(finalOrder);

        var counts = ColumnCounts.Compute(graph, finalOrder, position, parent);
        var cost = FactorCost.FromCounts(counts);

        var firstColumn = SupernodePartition.Compute(parent, counts);
        var supernodeCount = firstColumn.Length - 1;
        var supernodeOf = new int[size];
        for (var s = 0; s < supernodeCount; s++)
            for (var j = firstColumn[s]; j < firstColumn[s + 1]; j++) supernodeOf[j] = s;

        // A supernode's rows are its columns and the rows below its last column: those of L's
        // column there, whose count includes its diagonal.
        var rowStartOfSupernode = new int[supernodeCount + 1];
        var superParent = new int[supernodeCount];
        for (var s = 0; s < supernodeCount; s++)
        {
            var last = firstColumn[s + 1] - 1;
            var rowsOfLast = counts[last];
            rowStartOfSupernode[s + 1] = checked(rowStartOfSupernode[s] + (last - firstColumn[s]) + rowsOfLast);
            superParent[s] = parent[last] < 0 ? -1 : supernodeOf[parent[last]];
        }
        var structure = new SupernodalStructure(size, finalOrder, firstColumn, rowStartOfSupernode, superParent, columns.Length)
        {
            FactorNonZeros = cost.NonZeros,
            FactorFlops = cost.Flops,
        };
        structure.FillRows(rowStart, columns, position);
        (structure.StackCapacity, structure.LargestUpdate) = structure.PlanStack();
        return structure;
    }

    /// <summary>
    /// Rows of each supernode: its columns, then the union of the entries of A below them and of
    /// its children's rows below their own columns. Also records where each child's rows sit in
    /// the parent and where each value of A lands.
    /// </summary>
    private void FillRows(int[] rowStart, int[] columns, int[] position)
    {
        var localRow = new int[Size];
        Array.Fill(localRow, -1);
        for (var s = 0; s < SupernodeCount; s++)
        {
            int first = FirstColumn[s], end = FirstColumn[s + 1], start = RowStart[s];
            var write = start;
            for (var j = first; j < end; j++) Mark(j);
            var below = write;
            for (var j = first; j < end; j++)
            {
                var row = Order[j];
                for (var p = rowStart[row]; p < rowStart[row + 1]; p++)
                    if (position[columns[p]] >= end) Mark(position[columns[p]]);
            }
            for (var c = ChildStart[s]; c < ChildStart[s + 1]; c++)
            {
                var child = Children[c];
                for (var p = RowStart[child] + ColumnCount(child); p < RowStart[child + 1]; p++)
                    if (Rows[p] >= end) Mark(Rows[p]);
            }
            if (write != RowStart[s + 1])
                throw new InvalidOperationException($"symbolic analysis: supernode {s} has {write - start} rows, column counts promised {RowStart[s + 1] - start}");
            Array.Sort(Rows, below, write - below);
            for (var p = start; p < write; p++) localRow[Rows[p]] = p - start;

            var rowsHere = write - start;
            for (var c = ChildStart[s]; c < ChildStart[s + 1]; c++)
            {
                var child = Children[c];
                for (var p = RowStart[child] + ColumnCount(child); p < RowStart[child + 1]; p++)
                    PositionInParent[p] = localRow[Rows[p]];
            }
            for (var j = first; j < end; j++)
            {
                var row = Order[j];
                var columnBase = BlockStart[s] + (j - first) * rowsHere;
                for (var p = rowStart[row]; p < rowStart[row + 1]; p++)
                {
                    var i = position[columns[p]];
                    ValueDestination[p] = i >= j ? columnBase + localRow[i] : -1;
                }
            }
            for (var p = start; p < write; p++) localRow[Rows[p]] = -1;

            void Mark(int row)
            {
                if (localRow[row] == s) return;
                if (write == RowStart[s + 1])
                    throw new InvalidOperationException($"symbolic analysis: supernode {s} has more rows than column counts promised");
                localRow[row] = s;
                Rows[write++] = row;
            }
        }
    }

    /// <summary>
    /// Replays the multifrontal schedule to size its stack: children's update matrices are popped
    /// when their parent is assembled, then the parent's own is pushed (packed lower triangles).
    /// </summary>
    private (long Capacity, int Largest) PlanStack()
    {
        long top = 0, peak = 0;
        var largest = 0;
        var sizes = new long[SupernodeCount];
        for (var s = 0; s < SupernodeCount; s++)
        {
            for (var c = ChildStart[s]; c < ChildStart[s + 1]; c++) top -= sizes[Children[c]];
            var update = RowCount(s) - ColumnCount(s);
            largest = Math.Max(largest, update);
            sizes[s] = (long)update * (update + 1) / 2;
            top += sizes[s];
            peak = Math.Max(peak, top);
        }
        if (peak > Array.MaxLength || (long)largest * largest > Array.MaxLength)
            throw new InvalidOperationException($"the factorization needs more working storage ({peak} entries) than one array holds");
        return (peak, largest);
    }

    private static (int[] Start, int[] Children) ChildLists(int[] parent)
    {
        var count = parent.Length;
        var start = new int[count + 1];
        foreach (var p in parent)
            if (p >= 0) start[p + 1]++;
        for (var s = 0; s < count; s++) start[s + 1] += start[s];
        var children = new int[start[count]];
        var next = (int[])start.Clone();
        for (var s = 0; s < count; s++)
            if (parent[s] >= 0) children[next[parent[s]]++] = s;
        return (start, children);
    }

    private static int[] Inverse(int[] order)
    {
        var inverse = new int[order.Length];
        for (var k = 0; k < order.Length; k++) inverse[order[k]] = k;
        return inverse;
    }
}
