using Clln.Core.Elements;
using Clln.Core.Learning;

namespace Clln.Core.Tests.Learning;

public sealed class GateRuleTests
{
    private static readonly GateRule Rule = new(Gain: 8, GateRule.LabLearningTime, GateRule.LabRc, MinGate: 0.5, MaxGate: 3, new Transistor(1.0, subthresholdSwing: 0.1));

    [Fact]
    public void The_gate_moves_by_t_learn_over_RC_times_gain_times_the_contrast_of_squared_drops()
    {
        var updated = (Transistor)Rule.Update(new Transistor(1.5), freeDrop: 0.3, clampedDrop: 0.1);
        Assert.Equal(1.5 + 100e-6 / 2.2e-3 * 8 * (0.09 - 0.01), updated.GateVoltage, 1e-15);
        // A larger clamped drop closes the channel; equal drops change nothing.
        Assert.True(((Transistor)Rule.Update(new Transistor(1.5), 0.1, 0.3)).GateVoltage < 1.5);
        Assert.Equal(1.5, ((Transistor)Rule.Update(new Transistor(1.5), -0.2, 0.2)).GateVoltage);
    }

    [Fact]
    public void The_gate_is_clipped_to_its_range_and_keeps_the_device()
    {
        var device = new Transistor(2.9, 0.5, 1e-3, 0.08);
        var up = (Transistor)Rule.Update(device, 2, 0);
        Assert.Equal(3.0, up.GateVoltage);
        Assert.Equal((0.5, 1e-3, (double?)0.08), (up.Threshold, up.K, up.SubthresholdSwing));
        Assert.Equal(0.5, ((Transistor)Rule.Update(new Transistor(0.6), 0, 2)).GateVoltage);
        Assert.Equal(3.0, ((Transistor)Rule.Initial(7)).GateVoltage);
    }

    [Fact]
    public void A_resistor_is_refused_and_learned_values_round_trip()
    {
        Assert.Throws<ArgumentException>(() => Rule.Update(new Resistor(1e-3), 0.1, 0.2));
        var t = new Transistor(1.7, subthresholdSwing: 0.1);
        Assert.Equal(t, Rule.FromLearnedValue(Rule.LearnedValue(t)));
        var other = new Transistor(1.2, 0.4, 2e-3);
        Assert.Equal(other.WithGate(2.2), Rule.FromLearnedValue(2.2, other));
    }

    [Fact]
    public void The_mixed_rule_teaches_each_edge_by_its_kind_and_restores_by_the_edges_kind()
    {
        var mixed = new MixedRule(new ContinuousRule(0.02, 0.5, 1e-6, 1), Rule);
        var r = (Resistor)mixed.Update(new Resistor(0.01), 0.3, 0.1);
        Assert.Equal(0.01 + 0.02 / 0.5 * 0.08, r.Conductance, 1e-15);
        var t = (Transistor)mixed.Update(new Transistor(1.5), 0.3, 0.1);
        Assert.Equal(1.5 + Rule.Rate * 0.08, t.GateVoltage, 1e-15);
        Assert.Equal(0.01, mixed.LearnedValue(new Resistor(0.01)));
        Assert.Equal(1.5, mixed.LearnedValue(new Transistor(1.5)));
        Assert.Equal(new Resistor(0.25), mixed.FromLearnedValue(0.25, new Resistor(0.01)));
        Assert.Equal(new Transistor(0.25), mixed.FromLearnedValue(0.25, new Transistor(1.5)));
        Assert.Throws<NotSupportedException>(() => mixed.FromLearnedValue(0.25));
    }
}
