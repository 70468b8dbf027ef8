using Clln.Core.Hashing;

namespace Clln.Core.Tests.Hashing;

/// <summary>Every seeded draw in the project goes through these pieces: they must be SplitMix64 exactly.</summary>
public sealed class SplitMix64Tests
{
    [Fact]
    public void The_generator_from_state_zero_gives_the_published_sequence()
    {
        // SplitMix64's reference outputs for a seed of 0 (Steele, Lea and Flood 2014; Vigna's splitmix64.c).
        ulong state = 0;
        var outputs = new ulong[3];
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] = SplitMix64.Step(state);
            state += SplitMix64.Gamma;
        }
        Assert.Equal([0xE220A8397B1DCDAFUL, 0x6E789E6AA1B965F4UL, 0x06C45D188009454FUL], outputs);
    }

    [Fact]
    public void Unit_draws_span_zero_to_just_below_one()
    {
        Assert.Equal(0.0, SplitMix64.ToUnit(0));
        Assert.Equal(1.0 - Math.Pow(2, -53), SplitMix64.ToUnit(ulong.MaxValue));
    }

    [Fact]
    public void Box_Muller_turns_radius_and_angle_into_the_expected_normal_values()
    {
        // u = exp(-1/2) gives radius 1; v = 0 and v = 1/2 are the angles 0 and pi.
        Assert.Equal(1.0, SplitMix64.BoxMuller(Math.Exp(-0.5), 0.0), 12);
        Assert.Equal(-1.0, SplitMix64.BoxMuller(Math.Exp(-0.5), 0.5), 12);
        Assert.Equal(0.0, SplitMix64.BoxMuller(1.0, 0.3), 12); // u = 1: radius 0
    }
}
