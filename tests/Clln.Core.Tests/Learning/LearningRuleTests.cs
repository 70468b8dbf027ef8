using Clln.Core.Elements;
using Clln.Core.Learning;

namespace Clln.Core.Tests.Learning;

public sealed class LearningRuleTests
{
    [Fact]
    public void Continuous_rule_changes_conductance_by_alpha_over_eta_times_the_difference_of_squared_drops()
    {
        var rule = new ContinuousRule(Alpha: 0.02, Eta: 0.5, MinConductance: 1e-6, MaxConductance: 1);
        var updated = (Resistor)rule.Update(new Resistor(0.01), freeDrop: 0.3, clampedDrop: 0.1);
        Assert.Equal(0.01 + 0.02 / 0.5 * (0.09 - 0.01), updated.Conductance, 1e-15);
        // An edge whose clamped drop is larger loses conductance.
        Assert.True(((Resistor)rule.Update(new Resistor(0.01), 0.1, 0.3)).Conductance < 0.01);
        // Equal drops: nothing to learn.
        Assert.Equal(0.01, ((Resistor)rule.Update(new Resistor(0.01), 0.2, -0.2)).Conductance);
    }

    [Fact]
    public void Continuous_rule_clips_to_its_bounds()
    {
        var rule = new ContinuousRule(1, 1, 1e-3, 2e-3);
        Assert.Equal(2e-3, ((Resistor)rule.Update(new Resistor(1.5e-3), 1, 0)).Conductance);
        Assert.Equal(1e-3, ((Resistor)rule.Update(new Resistor(1.5e-3), 0, 1)).Conductance);
    }

    [Fact]
    public void Lab_ladder_has_100_log_spaced_taps_from_40_ohm_to_32_kohm_about_7_percent_a_step()
    {
        var ladder = TapLadder.Lab;
        Assert.Equal(100, ladder.Count);
        Assert.Equal(40, ladder.Ohms(0), 1e-9);
        Assert.Equal(32_000, ladder.Ohms(99), 1e-9);
        for (var t = 1; t < 100; t++) Assert.Equal(Math.Pow(800, 1.0 / 99), ladder.Ohms(t) / ladder.Ohms(t - 1), 1e-9);
        Assert.InRange(ladder.Ohms(1) / ladder.Ohms(0), 1.06, 1.08);
    }

    [Fact]
    public void Potentiometer_rule_moves_one_tap_by_the_sign_of_the_contrast_and_stops_at_the_ends()
    {
        var rule = new PotentiometerRule(TapLadder.Lab);
        var pot = new Potentiometer(TapLadder.Lab, 50);
        var up = (Potentiometer)rule.Update(pot, freeDrop: 0.3, clampedDrop: 0.1);
        Assert.Equal(49, up.Tap); // lower resistance: higher conductance
        Assert.True(up.Conductance > pot.Conductance);
        Assert.Equal(51, ((Potentiometer)rule.Update(pot, 0.1, 0.3)).Tap);
        Assert.Equal(0, ((Potentiometer)rule.Update(new Potentiometer(TapLadder.Lab, 0), 0.3, 0.1)).Tap);
        Assert.Equal(99, ((Potentiometer)rule.Update(new Potentiometer(TapLadder.Lab, 99), 0.1, 0.3)).Tap);
    }

    [Fact]
    public void Potentiometer_dead_band_holds_the_tap_for_small_contrasts()
    {
        var rule = new PotentiometerRule(TapLadder.Lab, DeadBand: 0.01);
        var pot = new Potentiometer(TapLadder.Lab, 50);
        Assert.Equal(50, ((Potentiometer)rule.Update(pot, 0.2, 0.19)).Tap);   // 0.0039 V² inside the band
        Assert.Equal(49, ((Potentiometer)rule.Update(pot, 0.2, 0.1)).Tap);    // 0.03 V² outside
    }

    [Fact]
    public void Learned_values_round_trip_for_checkpoints()
    {
        var continuous = new ContinuousRule(0.01, 0.5, 1e-5, 1);
        Assert.Equal(0.0123, ((Resistor)continuous.FromLearnedValue(continuous.LearnedValue(new Resistor(0.0123)))).Conductance);
        var pots = new PotentiometerRule(TapLadder.Lab);
        Assert.Equal(17, ((Potentiometer)pots.FromLearnedValue(pots.LearnedValue(new Potentiometer(TapLadder.Lab, 17)))).Tap);
    }
}
