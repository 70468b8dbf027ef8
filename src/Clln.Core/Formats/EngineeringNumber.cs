using System.Globalization;
using System.Numerics;
using System.Text;

namespace Clln.Core.Formats;

/// <summary>
/// A SPICE number held exactly as written: <see cref="Significand"/> x 10^<see cref="Exponent"/>.
/// </summary>
/// <remarks>
/// Keeping the exact decimal (rather than a double) lets a resistance be turned into the
/// conductance nearest to its exact reciprocal, so a conductance written as a resistance reads back
/// bit for bit (see <see cref="ShortestReciprocal"/>). A double cannot do that: 1/(1/k) != k for
/// some k, and some k are the rounded reciprocal of no double at all. Equality compares the
/// representation (10 x 10^0 differs from 1 x 10^1); compare <see cref="Normalized"/> values for equal numbers.
/// </remarks>
public readonly record struct EngineeringNumber(BigInteger Significand, int Exponent)
{
    /// <summary>Beyond this decimal magnitude no number is a finite, non-zero double; refusing it early also bounds the arithmetic.</summary>
    private const int MaxDecimalMagnitude = 400;

    /// <summary>The <c>problem</c> of <see cref="TryParse"/> for a well-formed number too large or too small for a double.</summary>
    public const string OutOfRange = "out of range";

    public bool IsPositive => Significand.Sign > 0;

    public bool IsZero => Significand.IsZero;

    /// <summary>
    /// Parses a SPICE number: [sign] digits [. digits] [e|d [sign] digits] [scale suffix] [unit letters].
    /// Suffixes (any case): t=1e12, g=1e9, meg=1e6, k=1e3, m=1e-3, mil=25.4e-6, u=1e-6, n=1e-9, p=1e-12,
    /// f=1e-15. Letters after the number are a unit and ignored, as SPICE does ("1kohm", "10V").
    /// </summary>
    /// <remarks>
    /// Stricter than SPICE where SPICE dialects disagree, so that what this reads is what any
    /// ngspice reads: a first letter 'a' (atto in some), 'x' (mega in some), 'r' or 'l' (RKM codes
    /// such as 1r5 in newer ngspice), an exponent letter without digits, and digits or symbols after
    /// the suffix ("4k7") are refused rather than silently read one way.
    /// </remarks>
    /// <param name="problem">Why the token is refused: <see cref="OutOfRange"/>, or what is malformed.</param>
    public static bool TryParse(string text, out EngineeringNumber number, out string problem)
    {
        number = default;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

        var digits = new StringBuilder();
        var fractionDigits = 0;
        var integerStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) digits.Append(text[i++]);
        var hasIntegerDigits = i > integerStart;
        var hasFractionDigits = false;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) digits.Append(text[i++]);
            fractionDigits = i - fractionStart;
            hasFractionDigits = fractionDigits > 0;
        }
        if (!hasIntegerDigits && !hasFractionDigits)
            return Fail(out problem, "it does not start with a number");

        long exponent = -fractionDigits;
        if (i < text.Length && text[i] is 'e' or 'E' or 'd' or 'D')
        {
            var letter = text[i++];
            var exponentNegative = false;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) exponentNegative = text[i++] == '-';
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
                return Fail(out problem, $"'{letter}' must be followed by exponent digits");
            long value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                // Saturate: a huge exponent is out of range whatever its exact value.
                value = Math.Min(value * 10 + (text[i++] - '0'), 1_000_000);
            }
            exponent += exponentNegative ? -value : value;
        }

        var significand = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (i < text.Length)
        {
            var rest = text[i..];
            if (!TryScale(rest, out var scaleSignificand, out var scaleExponent, out var suffixLength, out problem))
                return false;
            var unit = rest[suffixLength..];
            if (!unit.All(char.IsAsciiLetter))
                return Fail(out problem, $"unexpected '{unit}' after the number");
            significand *= scaleSignificand;
            exponent += scaleExponent;
        }
        if (negative) significand = -significand;

        if (significand.IsZero)
        {
            number = new EngineeringNumber(BigInteger.Zero, 0);
            problem = "";
            return true;
        }
        var magnitude = exponent + BigInteger.Abs(significand).ToString(CultureInfo.InvariantCulture).Length;
        if (Math.Abs(magnitude) > MaxDecimalMagnitude)
            return Fail(out problem, OutOfRange);
        number = new EngineeringNumber(significand, (int)exponent);
        problem = "";
        return true;
    }

    /// <summary>The double nearest to the exact value (ties to even), possibly infinite or zero if out of range.</summary>
    public double ToDouble() =>
        IsZero ? 0.0 : double.Parse($"{Significand.ToString(CultureInfo.InvariantCulture)}E{Exponent}", NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The double nearest to the exact reciprocal 1 / value (ties to even). The value must be positive.</summary>
    /// <remarks>Infinity when the reciprocal exceeds the double range; refuse results below the normal range, where rounding twice could occur.</remarks>
    public double ReciprocalToDouble()
    {
        if (!IsPositive) throw new InvalidOperationException("only a positive number has a positive reciprocal");
        return Exponent <= 0
            ? ExactDivision.Nearest(BigInteger.Pow(10, -Exponent), Significand)
            : ExactDivision.Nearest(BigInteger.One, Significand * BigInteger.Pow(10, Exponent));
    }

    /// <summary>
    /// The shortest decimal whose exact reciprocal rounds to <paramref name="value"/>: written as a
    /// resistance, it reads back as exactly this conductance. Never more than 17 significant digits.
    /// </summary>
    public static EngineeringNumber ShortestReciprocal(double value)
    {
        if (!double.IsNormal(value) || value < 0)
            throw new ArgumentOutOfRangeException(nameof(value), value, "needs a positive normal double");
        // value = m 2^e exactly, so 1/value = 2^-e / m.
        var bits = BitConverter.DoubleToInt64Bits(value);
        var m = (bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52);
        var e = (int)((bits >> 52) & 0x7FF) - 1075;
        var numerator = e < 0 ? BigInteger.One << -e : BigInteger.One;
        var denominator = e > 0 ? new BigInteger(m) << e : new BigInteger(m);

        var leading = (int)Math.Floor(-Math.Log10(value));
        for (var count = 1; count <= 20; count++)
        {
            // Scale so that 1/value x 10^shift has `count` digits before the point; the logarithm
            // may be off by one at a power of ten, hence the small search around it.
            for (var shift = count - 1 - leading - 1; shift <= count - 1 - leading + 1; shift++)
            {
                var scaledNumerator = shift >= 0 ? numerator * BigInteger.Pow(10, shift) : numerator;
                var scaledDenominator = shift < 0 ? denominator * BigInteger.Pow(10, -shift) : denominator;
                var floor = BigInteger.DivRem(scaledNumerator, scaledDenominator, out var remainder);
                if (floor < BigInteger.Pow(10, count - 1) || floor >= BigInteger.Pow(10, count)) continue;
                // The decimals that read back as `value` form an interval around 1/value, not
                // necessarily centred on it: try the neighbours on both sides.
                var candidates = remainder.IsZero ? new[] { floor } : new[] { floor, floor + 1 };
                foreach (var candidate in candidates)
                {
                    var number = new EngineeringNumber(candidate, -shift).Normalized();
                    if (number.ReciprocalToDouble() == value) return number;
                }
            }
        }
        throw new InvalidOperationException($"no decimal of 20 digits or fewer reads back as {value:R}");
    }

    /// <summary>The same value with trailing zeros of the significand moved into the exponent.</summary>
    public EngineeringNumber Normalized()
    {
        if (IsZero) return new EngineeringNumber(BigInteger.Zero, 0);
        var significand = Significand;
        var exponent = Exponent;
        while (true)
        {
            var quotient = BigInteger.DivRem(significand, 10, out var remainder);
            if (!remainder.IsZero) break;
            significand = quotient;
            exponent++;
        }
        return new EngineeringNumber(significand, exponent);
    }

    /// <summary>Plain decimal when short ("4700", "0.00125"), else scientific ("1.5e+20"): text every SPICE reads alike.</summary>
    public override string ToString()
    {
        var n = Normalized();
        var sign = n.Significand.Sign < 0 ? "-" : "";
        var digits = BigInteger.Abs(n.Significand).ToString(CultureInfo.InvariantCulture);
        var point = digits.Length + n.Exponent; // digits before the decimal point
        if (n.Exponent >= 0 && point <= 15) return sign + digits + new string('0', n.Exponent);
        if (n.Exponent < 0 && point > 0) return sign + digits[..point] + "." + digits[point..];
        if (n.Exponent < 0 && point > -4) return sign + "0." + new string('0', -point) + digits;
        var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
        var exponent = point - 1;
        return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent)}";
    }

    /// <summary>Reads the scale suffix at the start of <paramref name="rest"/> (possibly none).</summary>
    private static bool TryScale(string rest, out BigInteger significand, out int exponent, out int length, out string problem)
    {
        significand = BigInteger.One;
        exponent = 0;
        length = 0;
        problem = "";
        var lower = rest.ToLowerInvariant();
        if (lower.StartsWith("meg", StringComparison.Ordinal)) (exponent, length) = (6, 3);
        else if (lower.StartsWith("mil", StringComparison.Ordinal)) (significand, exponent, length) = (254, -7, 3);
        else
        {
            (exponent, length) = lower[0] switch
            {
                't' => (12, 1),
                'g' => (9, 1),
                'k' => (3, 1),
                'm' => (-3, 1),
                'u' => (-6, 1),
                'n' => (-9, 1),
                'p' => (-12, 1),
                'f' => (-15, 1),
                _ => (0, 0),
            };
            if (length == 0 && lower[0] is 'a' or 'x' or 'r' or 'l')
                return Fail(out problem, $"the suffix '{rest[0]}' means different things to different SPICE programs");
        }
        return true;
    }

    private static bool Fail(out string problem, string why)
    {
        problem = why;
        return false;
    }
}
