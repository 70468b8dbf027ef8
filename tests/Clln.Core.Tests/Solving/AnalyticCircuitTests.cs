using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Tests.Solving;

/// <summary>The reference solver against circuits whose answers are known on paper.</summary>
public sealed class AnalyticCircuitTests
{
    private const double Exact = 1e-13;

    private static double V(Network n, Equilibrium e, string node) => e.Voltages[n.IndexOf(node)];

    private static double I(Network n, Equilibrium e, string edge) => e.Currents[n.Edges.ToList().FindIndex(x => x.Name == edge)];

    [Fact]
    public void Voltage_divider_splits_in_proportion_to_resistance()
    {
        var n = Circuits.Build(["in=10", "mid", "gnd"], "r1 in mid 3000", "r2 mid gnd 1000");
        var e = ReferenceSolver.Solve(n);
        Assert.Equal(2.5, V(n, e, "mid"), Exact);
        Assert.Equal(10.0 / 4000, I(n, e, "r1"), Exact);
        Assert.Equal(10.0 * 10.0 / 4000, e.Power, Exact);
    }

    [Fact]
    public void Series_resistors_carry_one_current_and_add_their_resistances()
    {
        var n = Circuits.Build(["a=1", "x", "y", "gnd"], "r1 a x 100", "r2 x y 200", "r3 y gnd 700");
        var e = ReferenceSolver.Solve(n);
        foreach (var r in new[] { "r1", "r2", "r3" }) Assert.Equal(1.0 / 1000, I(n, e, r), Exact);
        Assert.Equal(0.9, V(n, e, "x"), Exact);
        Assert.Equal(0.7, V(n, e, "y"), Exact);
    }

    [Fact]
    public void Parallel_resistors_add_their_conductances()
    {
        var n = Circuits.Build(["a=2", "x", "gnd"], "r1 a x 1", "p1 x gnd 300", "p2 x gnd 600");
        var e = ReferenceSolver.Solve(n);
        // 300 || 600 = 200 ohm, in series with 1 ohm.
        var total = 2.0 / 201;
        Assert.Equal(total, I(n, e, "r1"), Exact);
        Assert.Equal(2.0 * 200 / 201, V(n, e, "x"), Exact);
        Assert.Equal(2.0 / 3, I(n, e, "p1") / total, 1e-12); // current divides inversely to resistance
    }

    [Fact]
    public void Balanced_wheatstone_bridge_carries_no_current_across_its_bridge()
    {
        var n = Circuits.Build(["top=5", "l", "r", "gnd"], "a top l 100", "b l gnd 200", "c top r 300", "d r gnd 600", "bridge l r 50");
        var e = ReferenceSolver.Solve(n);
        Assert.Equal(0.0, I(n, e, "bridge"), 1e-16);
        Assert.Equal(5.0 * 2 / 3, V(n, e, "l"), Exact);
    }

    [Fact]
    public void Unbalanced_wheatstone_bridge_matches_the_thevenin_equivalent()
    {
        const double vs = 5, r1 = 100, r2 = 200, r3 = 300, r4 = 400, rb = 50;
        var n = Circuits.Build(["top=5", "l", "r", "gnd"], $"a top l {r1}", $"b l gnd {r2}", $"c top r {r3}", $"d r gnd {r4}", $"bridge l r {rb}");
        var e = ReferenceSolver.Solve(n);
        // Open-circuit voltages of the two dividers and the resistance seen between l and r.
        var thevenin = vs * (r2 / (r1 + r2) - r4 / (r3 + r4));
        var resistance = r1 * r2 / (r1 + r2) + r3 * r4 / (r3 + r4);
        Assert.Equal(thevenin / (resistance + rb), I(n, e, "bridge"), Exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void R2R_ladder_halves_the_voltage_at_every_rung(int rungs)
    {
        const double r = 1000;
        var nodes = new List<string> { "x0=3.2", "gnd" };
        var edges = new List<string>();
        for (var k = 1; k <= rungs; k++)
        {
            nodes.Add($"x{k}");
            edges.Add($"s{k} x{k - 1} x{k} {r}");
            edges.Add($"g{k} x{k} gnd {2 * r}");
        }
        edges.Add($"end x{rungs} gnd {2 * r}");
        var n = Circuits.Build(nodes.ToArray(), edges.ToArray());
        var e = ReferenceSolver.Solve(n);
        for (var k = 0; k <= rungs; k++)
            Assert.Equal(3.2 / Math.Pow(2, k), V(n, e, $"x{k}"), Exact);
        Assert.Equal(3.2 * 3.2 / (2 * r), e.Power, Exact); // the ladder looks like 2R from its input
    }

    [Fact]
    public void An_edge_between_two_held_nodes_carries_ohms_law_current()
    {
        var n = Circuits.Build(["a=3", "b=1", "x", "gnd"], "ab a b 4", "ax a x 1", "xg x gnd 1");
        var e = ReferenceSolver.Solve(n);
        Assert.Equal(0.5, I(n, e, "ab"), Exact);
        Assert.Equal(1.5, V(n, e, "x"), Exact);
    }

    [Fact]
    public void A_self_loop_carries_no_current_and_changes_nothing()
    {
        var n = Circuits.Build(["a=1", "x", "gnd"], "r1 a x 1", "r2 x gnd 1", "loop x x 5");
        var e = ReferenceSolver.Solve(n);
        Assert.Equal(0.5, V(n, e, "x"), Exact);
        Assert.Equal(0.0, I(n, e, "loop"));
    }
}
