using System.Globalization;
using System.Numerics;
using Clln.Core.Formats;
using CsCheck;

namespace Clln.Core.Tests.Formats;

/// <summary>SPICE numbers: suffixes, units, refusals, and the exact reciprocal behind bit-exact conductances.</summary>
public class SpiceNumberTests
{
    // Expected values are C# literals: the compiler rounds them correctly from the exact decimal,
    // which is what ToDouble promises, so equality is exact.
    [Theory]
    [InlineData("1t", 1e12)]
    [InlineData("2.5T", 2.5e12)]
    [InlineData("1g", 1e9)]
    [InlineData("3G", 3e9)]
    [InlineData("1meg", 1e6)]
    [InlineData("4.7MEG", 4.7e6)]
    [InlineData("2Meg", 2e6)]
    [InlineData("1k", 1e3)]
    [InlineData("4.7K", 4.7e3)]
    [InlineData("1m", 1e-3)]
    [InlineData("1M", 1e-3)] // SPICE's M is milli, not mega
    [InlineData("1mil", 25.4e-6)]
    [InlineData("2MIL", 50.8e-6)]
    [InlineData("1u", 1e-6)]
    [InlineData("2.2U", 2.2e-6)]
    [InlineData("1n", 1e-9)]
    [InlineData("3.3N", 3.3e-9)]
    [InlineData("1p", 1e-12)]
    [InlineData("10P", 10e-12)]
    [InlineData("1f", 1e-15)]
    [InlineData("1F", 1e-15)] // femto, not farad: a classic SPICE surprise, but what SPICE reads
    public void Every_suffix_scales_by_its_power_of_ten_in_any_case(string text, double expected) =>
        Assert.Equal(expected, Parse(text).ToDouble());

    [Theory]
    [InlineData("1kohm", 1e3)]
    [InlineData("10V", 10.0)]
    [InlineData("10v", 10.0)]
    [InlineData("1megohm", 1e6)]
    [InlineData("1mA", 1e-3)]
    [InlineData("5ohms", 5.0)]
    [InlineData("1e3k", 1e6)]
    [InlineData("1e-3m", 1e-6)]
    [InlineData("2.5e+2", 250.0)]
    [InlineData("1d3", 1e3)] // FORTRAN exponent, as SPICE reads it
    [InlineData("1E3", 1e3)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("+7", 7.0)]
    [InlineData("-1.25", -1.25)]
    [InlineData("0", 0.0)]
    [InlineData("-0", 0.0)]
    [InlineData("0.1", 0.1)]
    [InlineData("000123.4500", 123.45)]
    [InlineData("1E-05", 1e-5)]
    public void Units_after_the_number_are_ignored_and_plain_forms_read(string text, double expected) =>
        Assert.Equal(expected, Parse(text).ToDouble());

    [Theory]
    [InlineData("abc", "does not start with a number")]
    [InlineData("", "does not start with a number")]
    [InlineData("-", "does not start with a number")]
    [InlineData(".", "does not start with a number")]
    [InlineData("e3", "does not start with a number")]
    [InlineData("1e", "exponent digits")]
    [InlineData("1e+", "exponent digits")]
    [InlineData("1eohm", "exponent digits")]
    [InlineData("4k7", "unexpected '7'")]
    [InlineData("1k%", "unexpected '%'")]
    [InlineData("1.2.3", "unexpected '.3'")]
    [InlineData("1a", "suffix 'a'")]
    [InlineData("1x", "suffix 'x'")]
    [InlineData("1r5", "suffix 'r'")]
    [InlineData("1l", "suffix 'l'")]
    [InlineData("1µ", "unexpected 'µ'")]
    public void Malformed_and_ambiguous_numbers_are_refused_with_a_reason(string text, string reason)
    {
        Assert.False(EngineeringNumber.TryParse(text, out _, out var problem));
        Assert.Contains(reason, problem);
    }

    [Theory]
    [InlineData("1e999")]
    [InlineData("1e-999")]
    [InlineData("1e99999999999999999999")]
    public void Numbers_far_beyond_the_double_range_are_out_of_range(string text)
    {
        Assert.False(EngineeringNumber.TryParse(text, out _, out var problem));
        Assert.Equal(EngineeringNumber.OutOfRange, problem);
    }

    [Fact]
    public void Mil_is_kept_exactly_as_254e_minus_7()
    {
        var mil = Parse("1mil");
        Assert.Equal(new BigInteger(254), mil.Significand);
        Assert.Equal(-7, mil.Exponent);
    }

    [Theory]
    [InlineData("1k", 1e3)]
    [InlineData("4.7k", 4700.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("3", 3.0)]
    [InlineData("2.5meg", 2.5e6)]
    public void The_reciprocal_of_an_exactly_representable_value_is_IEEE_division(string text, double value) =>
        Assert.Equal(1.0 / value, Parse(text).ReciprocalToDouble());

    /// <summary>
    /// Every double has a finite decimal expansion, m 2^e = (m 5^-e) 10^e for e &lt; 0. The exact
    /// reciprocal of that decimal must be IEEE division 1.0 / d, which rounds the exact quotient
    /// once: an independent truth for the big-integer rounding.
    /// </summary>
    [Fact]
    public void The_reciprocal_of_any_double_written_exactly_matches_IEEE_division()
    {
        AnyMagnitude(-1000, 1000).Sample(d =>
        {
            var exact = ExactDecimal(d);
            Assert.Equal(d, exact.ToDouble());
            Assert.Equal(1.0 / d, exact.ReciprocalToDouble());
            // The same through text, as a netlist would carry it.
            Assert.Equal(1.0 / d, Parse(exact.ToString()).ReciprocalToDouble());
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void The_shortest_reciprocal_reads_back_as_the_same_conductance_in_at_most_17_digits()
    {
        AnyMagnitude(-60, 60).Sample(k =>
        {
            var ohms = EngineeringNumber.ShortestReciprocal(k);
            Assert.Equal(k, ohms.ReciprocalToDouble());
            Assert.Equal(k, Parse(ohms.ToString()).ReciprocalToDouble());
            Assert.True(BigInteger.Abs(ohms.Significand).ToString(CultureInfo.InvariantCulture).Length <= 17, ohms.ToString());
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData(1e-3, "1000")]
    [InlineData(1.0 / 4700.0, "4700")]
    [InlineData(2.0, "0.5")]
    [InlineData(1e-12, "1000000000000")]
    [InlineData(1e-20, "1e+20")]
    [InlineData(8e3, "0.000125")]
    [InlineData(1e10, "1e-10")]
    public void Round_values_are_written_short_and_plain(double conductance, string expected) =>
        Assert.Equal(expected, EngineeringNumber.ShortestReciprocal(conductance).ToString());

    /// <summary>
    /// Conductances that are the rounded reciprocal of no double at all: just below 1 the doubles are
    /// twice as dense as just above it, so 1/r for r slightly above 1 skips every other one. A reader
    /// computing 1.0 / double(r) could not give them back; the exact reciprocal can.
    /// </summary>
    [Fact]
    public void Conductances_no_double_resistance_can_give_are_still_written_exactly()
    {
        var found = 0;
        var k = 1.0;
        for (var step = 0; step < 64; step++)
        {
            k = Math.BitDecrement(k);
            var r = 1.0 / k;
            var reachable = 1.0 / r == k || 1.0 / Math.BitIncrement(r) == k || 1.0 / Math.BitDecrement(r) == k;
            if (reachable) continue;
            found++;
            Assert.Equal(k, Parse(EngineeringNumber.ShortestReciprocal(k).ToString()).ReciprocalToDouble());
        }
        Assert.True(found > 10, $"expected many unreachable conductances just below 1, found {found}");
    }

    /// <summary>Doubles spread evenly over binary magnitudes 2^min to 2^max, with random significands.</summary>
    private static Gen<double> AnyMagnitude(int min, int max) =>
        Gen.Select(Gen.Double[1.0, 2.0], Gen.Int[min, max], (m, e) => Math.ScaleB(m, e)).Where(double.IsNormal);

    private static EngineeringNumber Parse(string text)
    {
        Assert.True(EngineeringNumber.TryParse(text, out var number, out var problem), $"'{text}': {problem}");
        return number;
    }

    private static EngineeringNumber ExactDecimal(double d)
    {
        var bits = BitConverter.DoubleToInt64Bits(d);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        var m = new BigInteger(exponentBits == 0 ? fraction : fraction | (1L << 52));
        var e = (exponentBits == 0 ? 1 : exponentBits) - 1075;
        return e >= 0 ? new EngineeringNumber(m << e, 0) : new EngineeringNumber(m * BigInteger.Pow(5, -e), e);
    }
}
