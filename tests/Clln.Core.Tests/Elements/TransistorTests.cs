using Clln.Core.Elements;
using CsCheck;

namespace Clln.Core.Tests.Elements;

/// <summary>
/// The transistor against the textbook square law written out independently: ohmic and
/// saturation currents, continuity at pinch-off, symmetry, and the subthreshold leak's decade per swing.
/// </summary>
public sealed class TransistorTests
{
    private const double K = Transistor.LabK;
    private const double Vt = Transistor.LabThreshold;

    /// <summary>Textbook level-1 NMOS drain current with the source at the lower terminal (LAMBDA = 0).</summary>
    private static double Textbook(double vg, double va, double vb)
    {
        var (drain, source, sign) = va >= vb ? (va, vb, 1.0) : (vb, va, -1.0);
        var vgs = vg - source;
        var vds = drain - source;
        if (vgs <= Vt) return 0;
        var id = vds < vgs - Vt ? K * ((vgs - Vt) * vds - vds * vds / 2) : K / 2 * (vgs - Vt) * (vgs - Vt);
        return sign * id;
    }

    [Fact]
    public void Ohmic_region_is_K_times_overdrive_less_mean_terminal_voltage_times_drop()
    {
        // Gate 1.5 V: A = 0.88 V; both terminals below A.
        var t = new Transistor(1.5);
        var r = t.Respond(0.5, 0.2);
        Assert.Equal(K * (0.88 - 0.35) * 0.3, r.Current, 1e-18);
        // dI/dVa = K (A - Va), dI/dVb = -K (A - Vb).
        Assert.Equal(K * (0.88 - 0.5), r.DCurrentDVa, 1e-18);
        Assert.Equal(-K * (0.88 - 0.2), r.DCurrentDVb, 1e-18);
    }

    [Fact]
    public void Saturation_is_half_K_times_overdrive_at_the_low_terminal_squared_whatever_the_high_one()
    {
        var t = new Transistor(1.5); // A = 0.88 V
        foreach (var high in new[] { 0.9, 1.5, 3.0 })
        {
            var r = t.Respond(high, 0.1);
            Assert.Equal(K / 2 * 0.78 * 0.78, r.Current, 1e-18);
            Assert.Equal(0.0, r.DCurrentDVa);                 // pinched off at the drain
            Assert.Equal(-K * 0.78, r.DCurrentDVb, 1e-18);
        }
    }

    [Fact]
    public void Below_threshold_without_a_leak_nothing_flows()
    {
        var t = new Transistor(0.6);
        Assert.Equal(new EdgeResponse(0, 0, 0), t.Respond(0.3, 0.0));
        // A gate above threshold but both terminals above A: also cut off.
        Assert.Equal(new EdgeResponse(0, 0, 0), new Transistor(1.0).Respond(0.8, 0.5));
    }

    [Fact]
    public void Current_and_both_conductances_are_continuous_at_pinch_off()
    {
        var t = new Transistor(1.4);
        var a = t.Overdrive;
        var below = t.Respond(a - 1e-9, 0.3);
        var above = t.Respond(a + 1e-9, 0.3);
        Assert.Equal(K / 2 * (a - 0.3) * (a - 0.3), below.Current, 1e-15);
        Assert.Equal(below.Current, above.Current, 1e-15);
        Assert.Equal(below.DCurrentDVa, above.DCurrentDVa, 1e-11);
        Assert.Equal(below.DCurrentDVb, above.DCurrentDVb, 1e-15);
    }

    [Fact]
    public void Matches_the_textbook_drain_current_in_every_region_and_direction()
    {
        Gen.Select(Gen.Double[-0.5, 3.0], Gen.Double[-1.0, 3.0], Gen.Double[-1.0, 3.0]).Sample((vg, va, vb) =>
        {
            var r = new Transistor(vg).Respond(va, vb);
            Assert.Equal(Textbook(vg, va, vb), r.Current, 1e-15);
        }, iter: 2000);
    }

    [Fact]
    public void Swapping_terminals_negates_the_current_and_swaps_the_conductances()
    {
        Gen.Select(Gen.Double[-0.5, 3.0], Gen.Double[-1.0, 3.0], Gen.Double[-1.0, 3.0], Gen.Bool).Sample((vg, va, vb, leak) =>
        {
            var t = new Transistor(vg, subthresholdSwing: leak ? 0.1 : null);
            var forward = t.Respond(va, vb);
            var backward = t.Respond(vb, va);
            Assert.Equal(-forward.Current, backward.Current);
            Assert.Equal(forward.DCurrentDVa, -backward.DCurrentDVb);
        }, iter: 1000);
    }

    [Fact]
    public void Derivatives_agree_with_finite_differences_with_and_without_the_leak()
    {
        Gen.Select(Gen.Double[0.0, 2.5], Gen.Double[-0.5, 2.5], Gen.Double[-0.5, 2.5], Gen.Bool).Sample((vg, va, vb, leak) =>
        {
            var t = new Transistor(vg, subthresholdSwing: leak ? 0.1 : null);
            const double h = 1e-7;
            // Skip points within h of a kink (pinch-off, or the leak's join), where one-sided slopes differ.
            var join = leak ? 2 * 0.1 / Math.Log(10) : 0;
            if (Math.Abs(t.Overdrive - va - join) < 2 * h || Math.Abs(t.Overdrive - vb - join) < 2 * h) return;
            var r = t.Respond(va, vb);
            var dva = (t.Respond(va + h, vb).Current - t.Respond(va - h, vb).Current) / (2 * h);
            var dvb = (t.Respond(va, vb + h).Current - t.Respond(va, vb - h).Current) / (2 * h);
            Assert.Equal(dva, r.DCurrentDVa, 1e-9);
            Assert.Equal(dvb, r.DCurrentDVb, 1e-9);
        }, iter: 1000);
    }

    [Fact]
    public void The_leak_falls_a_decade_per_swing_below_threshold()
    {
        // Source at 0 V, drain at 1 V: the drain end is deeply off, so I = K F(A).
        for (var vg = 0.1; vg <= 0.6; vg += 0.05)
        {
            var upper = new Transistor(vg, subthresholdSwing: 0.1).Respond(1.0, 0.0).Current;
            var lower = new Transistor(vg - 0.1, subthresholdSwing: 0.1).Respond(1.0, 0.0).Current;
            Assert.Equal(10.0, upper / lower, 1e-6);
        }
        // A different swing: 0.08 V per decade.
        var a = new Transistor(0.4, subthresholdSwing: 0.08).Respond(1.0, 0.0).Current;
        var b = new Transistor(0.32, subthresholdSwing: 0.08).Respond(1.0, 0.0).Current;
        Assert.Equal(10.0, a / b, 1e-6);
    }

    [Fact]
    public void The_leak_joins_the_square_law_with_matching_current_and_conductance_and_leaves_it_exact_above()
    {
        var join = 2 * 0.1 / Math.Log(10); // 86.9 mV above threshold
        var t = new Transistor(Vt + join, subthresholdSwing: 0.1);
        // Terminal b at 0 V sits exactly at the join; move it across.
        var below = t.Respond(1.0, 1e-12);
        var above = t.Respond(1.0, -1e-12);
        Assert.Equal(below.Current, above.Current, 1e-15);
        Assert.Equal(below.DCurrentDVb, above.DCurrentDVb, 1e-13);
        // Above the join the leaky device is the square-law device.
        var gate = 1.3;
        Assert.Equal(new Transistor(gate).Respond(0.5, 0.2).Current, new Transistor(gate, subthresholdSwing: 0.1).Respond(0.5, 0.2).Current, 1e-18);
        // And with the leak every terminal conducts a little: the conductances are strictly signed.
        var off = new Transistor(0.3, subthresholdSwing: 0.1).Respond(0.8, 0.4);
        Assert.True(off.Current > 0 && off.DCurrentDVa > 0 && off.DCurrentDVb < 0);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Transistor(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Transistor(1, k: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Transistor(1, subthresholdSwing: -0.1));
        Assert.Equal(new Transistor(1.2, 0.5, 1e-3, 0.1), new Transistor(1.2, 0.5, 1e-3, 0.1));
        Assert.NotEqual(new Transistor(1.2), new Transistor(1.2, subthresholdSwing: 0.1));
        Assert.Equal(new Transistor(1.7), new Transistor(1.2).WithGate(1.7));
    }
}
