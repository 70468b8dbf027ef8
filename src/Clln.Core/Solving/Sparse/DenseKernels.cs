using System.Numerics;
using System.Runtime.CompilerServices;

namespace Clln.Core.Solving.Sparse;

/// <summary>
/// The dense work inside a supernode: Cholesky of a column-major panel and the symmetric rank-k
/// update of the trailing matrix. Nearly all of the factorization's arithmetic happens here, so
/// these loops are written for the vector unit (fused multiply-adds on several rows at once,
/// accumulators held in registers across the inner dimension), and compiled fully optimised from
/// the first call: a one-off solve should not run them as unoptimised tier-0 code.
/// </summary>
internal static class DenseKernels
{
    /// <summary>Columns factored together before the rest of the block is updated at once.</summary>
    private const int PanelWidth = 32;

    /// <summary>Inner-dimension slice of the rank-k update, so its operands stay in cache.</summary>
    private const int DepthSlice = 256;

    /// <summary>
    /// Factors in place the first <paramref name="columns"/> columns of a column-major block of
    /// <paramref name="rows"/> rows (leading dimension = rows): the diagonal block becomes its
    /// Cholesky factor L11 and the rows below become L21 = A21 L11^-T.
    /// Returns the block column whose pivot was not positive, or -1 on success.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FactorBlock(double[] data, int offset, int rows, int columns)
    {
        ref var block = ref data[offset];
        for (var j0 = 0; j0 < columns; j0 += PanelWidth)
        {
            var j1 = Math.Min(columns, j0 + PanelWidth);
            for (var j = j0; j < j1; j++)
            {
                ref var column = ref Unsafe.Add(ref block, j * rows);
                for (var t = j0; t < j; t++)
                {
                    ref var earlier = ref Unsafe.Add(ref block, t * rows);
                    var factor = Unsafe.Add(ref earlier, j);
                    if (factor != 0) SubtractScaled(ref Unsafe.Add(ref column, j), ref Unsafe.Add(ref earlier, j), factor, rows - j);
                }
                var pivot = Unsafe.Add(ref column, j);
                if (!(pivot > 0) || double.IsPositiveInfinity(pivot)) return j;
                var root = Math.Sqrt(pivot);
                Unsafe.Add(ref column, j) = root;
                Scale(ref Unsafe.Add(ref column, j + 1), 1.0 / root, rows - j - 1);
            }
            if (j1 < columns)
                SubtractLowerProduct(
                    ref Unsafe.Add(ref block, j1 * rows + j1), rows, rows - j1, columns - j1,
                    ref Unsafe.Add(ref block, j0 * rows + j1), rows, j1 - j0);
        }
        return -1;
    }

    /// <summary>
    /// C -= A A^T on the lower trapezoid: C[i, j] -= sum over t &lt; depth of A[i, t] A[j, t], for
    /// j &lt; columns and j &lt;= i &lt; rows. Both column-major; row i of A pairs with row i of C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractLowerProduct(ref double c, int ldc, int rows, int columns, ref double a, int lda, int depth)
    {
        for (var t0 = 0; t0 < depth; t0 += DepthSlice)
        {
            var slice = Math.Min(DepthSlice, depth - t0);
            ref var a0 = ref Unsafe.Add(ref a, t0 * lda);
            var j = 0;
            for (; j + 4 <= columns; j += 4)
            {
                DiagonalCorner(ref c, ldc, rows, j, ref a0, lda, slice);
                var i = j + 4;
                var width = Vector<double>.Count;
                for (; i + 2 * width <= rows; i += 2 * width) Tile2x4(ref c, ldc, i, j, ref a0, lda, slice);
                for (; i + width <= rows; i += width) Tile1x4(ref c, ldc, i, j, ref a0, lda, slice);
                for (; i < rows; i++) RowTimesFour(ref c, ldc, i, j, ref a0, lda, slice);
            }
            for (; j < columns; j++)
            {
                // Leftover columns: one axpy per inner index.
                ref var target = ref Unsafe.Add(ref c, j * ldc + j);
                for (var t = 0; t < slice; t++)
                {
                    ref var source = ref Unsafe.Add(ref a0, t * lda);
                    var factor = Unsafe.Add(ref source, j);
                    if (factor != 0) SubtractScaled(ref target, ref Unsafe.Add(ref source, j), factor, rows - j);
                }
            }
        }
    }

    /// <summary>The 4 x 4 diagonal corner at (j, j): lower triangle only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DiagonalCorner(ref double c, int ldc, int rows, int j, ref double a, int lda, int depth)
    {
        for (var q = 0; q < 4; q++)
            for (var i = j + q; i < Math.Min(j + 4, rows); i++)
            {
                var sum = 0.0;
                for (var t = 0; t < depth; t++)
                {
                    ref var column = ref Unsafe.Add(ref a, t * lda);
                    sum += Unsafe.Add(ref column, i) * Unsafe.Add(ref column, j + q);
                }
                Unsafe.Add(ref c, (j + q) * ldc + i) -= sum;
            }
    }

    /// <summary>Rows i .. i + 2w, columns j .. j + 4: eight vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x4(ref double c, int ldc, int i, int j, ref double a, int lda, int depth)
    {
        var w = Vector<double>.Count;
        Vector<double> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector<double> s10 = default, s11 = default, s12 = default, s13 = default;
        ref var column = ref a;
        for (var t = 0; t < depth; t++)
        {
            var x0 = Vector.LoadUnsafe(ref column, (nuint)i);
            var x1 = Vector.LoadUnsafe(ref column, (nuint)(i + w));
            var b0 = new Vector<double>(Unsafe.Add(ref column, j));
            var b1 = new Vector<double>(Unsafe.Add(ref column, j + 1));
            var b2 = new Vector<double>(Unsafe.Add(ref column, j + 2));
            var b3 = new Vector<double>(Unsafe.Add(ref column, j + 3));
            s00 = Vector.FusedMultiplyAdd(x0, b0, s00);
            s10 = Vector.FusedMultiplyAdd(x1, b0, s10);
            s01 = Vector.FusedMultiplyAdd(x0, b1, s01);
            s11 = Vector.FusedMultiplyAdd(x1, b1, s11);
            s02 = Vector.FusedMultiplyAdd(x0, b2, s02);
            s12 = Vector.FusedMultiplyAdd(x1, b2, s12);
            s03 = Vector.FusedMultiplyAdd(x0, b3, s03);
            s13 = Vector.FusedMultiplyAdd(x1, b3, s13);
            column = ref Unsafe.Add(ref column, lda);
        }
        Subtract(ref Unsafe.Add(ref c, j * ldc), i, s00, s10, w);
        Subtract(ref Unsafe.Add(ref c, (j + 1) * ldc), i, s01, s11, w);
        Subtract(ref Unsafe.Add(ref c, (j + 2) * ldc), i, s02, s12, w);
        Subtract(ref Unsafe.Add(ref c, (j + 3) * ldc), i, s03, s13, w);
    }

    /// <summary>Rows i .. i + w, columns j .. j + 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x4(ref double c, int ldc, int i, int j, ref double a, int lda, int depth)
    {
        Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
        ref var column = ref a;
        for (var t = 0; t < depth; t++)
        {
            var x = Vector.LoadUnsafe(ref column, (nuint)i);
            s0 = Vector.FusedMultiplyAdd(x, new Vector<double>(Unsafe.Add(ref column, j)), s0);
            s1 = Vector.FusedMultiplyAdd(x, new Vector<double>(Unsafe.Add(ref column, j + 1)), s1);
            s2 = Vector.FusedMultiplyAdd(x, new Vector<double>(Unsafe.Add(ref column, j + 2)), s2);
            s3 = Vector.FusedMultiplyAdd(x, new Vector<double>(Unsafe.Add(ref column, j + 3)), s3);
            column = ref Unsafe.Add(ref column, lda);
        }
        ref var c0 = ref Unsafe.Add(ref c, j * ldc);
        (Vector.LoadUnsafe(ref c0, (nuint)i) - s0).StoreUnsafe(ref c0, (nuint)i);
        ref var c1 = ref Unsafe.Add(ref c, (j + 1) * ldc);
        (Vector.LoadUnsafe(ref c1, (nuint)i) - s1).StoreUnsafe(ref c1, (nuint)i);
        ref var c2 = ref Unsafe.Add(ref c, (j + 2) * ldc);
        (Vector.LoadUnsafe(ref c2, (nuint)i) - s2).StoreUnsafe(ref c2, (nuint)i);
        ref var c3 = ref Unsafe.Add(ref c, (j + 3) * ldc);
        (Vector.LoadUnsafe(ref c3, (nuint)i) - s3).StoreUnsafe(ref c3, (nuint)i);
    }

    /// <summary>One row i, columns j .. j + 4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTimesFour(ref double c, int ldc, int i, int j, ref double a, int lda, int depth)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        ref var column = ref a;
        for (var t = 0; t < depth; t++)
        {
            var x = Unsafe.Add(ref column, i);
            s0 += x * Unsafe.Add(ref column, j);
            s1 += x * Unsafe.Add(ref column, j + 1);
            s2 += x * Unsafe.Add(ref column, j + 2);
            s3 += x * Unsafe.Add(ref column, j + 3);
            column = ref Unsafe.Add(ref column, lda);
        }
        Unsafe.Add(ref c, j * ldc + i) -= s0;
        Unsafe.Add(ref c, (j + 1) * ldc + i) -= s1;
        Unsafe.Add(ref c, (j + 2) * ldc + i) -= s2;
        Unsafe.Add(ref c, (j + 3) * ldc + i) -= s3;
    }

    private static void Subtract(ref double column, int i, Vector<double> upper, Vector<double> lower, int w)
    {
        (Vector.LoadUnsafe(ref column, (nuint)i) - upper).StoreUnsafe(ref column, (nuint)i);
        (Vector.LoadUnsafe(ref column, (nuint)(i + w)) - lower).StoreUnsafe(ref column, (nuint)(i + w));
    }

    /// <summary>y[0..length) -= factor * x[0..length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SubtractScaled(ref double y, ref double x, double factor, int length)
    {
        var i = 0;
        var w = Vector<double>.Count;
        var f = new Vector<double>(factor);
        for (; i + w <= length; i += w)
            Vector.FusedMultiplyAdd(-f, Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i)).StoreUnsafe(ref y, (nuint)i);
        for (; i < length; i++) Unsafe.Add(ref y, i) -= factor * Unsafe.Add(ref x, i);
    }

    /// <summary>The dot product of x[0..length) and y[0..length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(ref double x, ref double y, int length)
    {
        var i = 0;
        var w = Vector<double>.Count;
        var sum = Vector<double>.Zero;
        for (; i + w <= length; i += w)
            sum = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref x, (nuint)i), Vector.LoadUnsafe(ref y, (nuint)i), sum);
        var total = Vector.Sum(sum);
        for (; i < length; i++) total += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scale(ref double y, double factor, int length)
    {
        for (var i = 0; i < length; i++) Unsafe.Add(ref y, i) *= factor;
    }
}
