using System.Numerics;

namespace Clln.Core.Formats;

/// <summary>The quotient of two big integers rounded once, to the nearest double (ties to even).</summary>
/// <remarks>
/// Dividing two doubles rounds three times (each operand, then the quotient); this rounds only
/// the exact rational, which is what makes a written resistance give back the exact conductance.
/// </remarks>
internal static class ExactDivision
{
    /// <summary>
    /// The double nearest p / q for p, q &gt; 0: +infinity above the double range. Results below
    /// the normal range are not correctly rounded (they would round twice); callers refuse them.
    /// </summary>
    public static double Nearest(BigInteger p, BigInteger q)
    {
        if (p.Sign <= 0 || q.Sign <= 0) throw new ArgumentOutOfRangeException(nameof(p), "both operands must be positive");
        // Scale so that the integer quotient has at least 55 bits: 53 to keep, one to round on,
        // and the rest (with the remainder) decide ties.
        var shift = 55 + (int)q.GetBitLength() - (int)p.GetBitLength();
        var numerator = shift > 0 ? p << shift : p;
        var denominator = shift < 0 ? q << -shift : q;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);

        var drop = (int)quotient.GetBitLength() - 53;
        var kept = quotient >> drop;
        var dropped = quotient - (kept << drop);
        var half = BigInteger.One << (drop - 1);
        var comparison = dropped.CompareTo(half);
        var roundUp = comparison > 0 || (comparison == 0 && (!remainder.IsZero || !kept.IsEven));
        if (roundUp) kept += 1; // 2^53 at most, still exact in a double
        // value = kept x 2^(drop - shift); ScaleB is exact while the result is a normal double.
        var exponent = drop - shift;
        if (exponent > 2000) return double.PositiveInfinity;
        if (exponent < -2000) return 0.0;
        return Math.ScaleB((double)(long)kept, exponent);
    }
}
