using Clln.Core.Model;
using Clln.Core.Solving;
using CsCheck;

namespace Clln.Core.Tests.Solving;

/// <summary>Laws every equilibrium obeys, checked on random networks.</summary>
public sealed class ReferenceSolverPropertyTests
{
    private static readonly Gen<Network> Networks =
        Gen.Select(Gen.Int[2, 60], Gen.Int[0, 80], Gen.Int[0, 1_000_000], Gen.Int[2, 5])
            .Select((nodes, extra, seed, held) => Circuits.Random(nodes, extra, seed, held));

    [Fact]
    public void Kirchhoff_current_law_holds_at_every_free_node()
    {
        Networks.Sample(n =>
        {
            var e = ReferenceSolver.Solve(n);
            var net = e.NetCurrentOut(n);
            // Rounding floor: a voltage is known to ~1e-16 of the largest one, times the largest conductance.
            var floor = 1e-14 * n.Nodes.Max(x => Math.Abs(x.Voltage)) * n.Edges.Max(x => x.Element.LinearConductance!.Value);
            for (var i = 0; i < n.NodeCount; i++)
            {
                // Relative to the currents that meet there: the law is about their cancellation.
                var through = n.IncidentEdges[i].Sum(j => Math.Abs(e.Currents[j]));
                if (!n.Nodes[i].IsHeld) Assert.True(Math.Abs(net[i]) <= 1e-12 * through + floor, $"node {n.Nodes[i].Name}: net current {net[i]} of {through}");
            }
        }, iter: 200);
    }

    [Fact]
    public void Current_out_of_the_held_nodes_balances_and_delivers_the_dissipated_power()
    {
        Networks.Sample(n =>
        {
            var e = ReferenceSolver.Solve(n);
            var net = e.NetCurrentOut(n);
            double supplied = 0, balance = 0;
            for (var i = 0; i < n.NodeCount; i++)
                if (n.Nodes[i].IsHeld) { supplied += n.Nodes[i].Voltage * net[i]; balance += net[i]; }
            // Rounding scale: each current k (Va - Vb) is known to ~1e-16 of k (|Va| + |Vb|), not of itself.
            var scale = n.Edges.Select(x => x.Element.LinearConductance!.Value * (Math.Abs(e.Voltages[x.From]) + Math.Abs(e.Voltages[x.To]))).Sum();
            var maxVolts = e.Voltages.Max(Math.Abs);
            Assert.True(Math.Abs(balance) <= 1e-12 * scale, $"sources do not balance: {balance} A of {scale} A");
            Assert.True(Math.Abs(supplied - e.Power) <= 1e-11 * e.Power + 1e-12 * scale * maxVolts, $"supplied {supplied} W, dissipated {e.Power} W");
            Assert.True(e.Power >= 0);
        }, iter: 200);
    }

    [Fact]
    public void Free_voltages_lie_between_the_lowest_and_highest_held_voltage()
    {
        Networks.Sample(n =>
        {
            var e = ReferenceSolver.Solve(n);
            var held = n.Nodes.Where(x => x.IsHeld).Select(x => x.Voltage).ToArray();
            foreach (var v in e.Voltages) Assert.InRange(v, held.Min() - 1e-12, held.Max() + 1e-12);
        }, iter: 200);
    }

    [Fact]
    public void Reciprocity_the_transfer_conductance_between_two_held_nodes_is_symmetric()
    {
        Networks.Where(n => n.Nodes.Count(x => x.IsHeld) >= 2).Sample(n =>
        {
            var heldNodes = Enumerable.Range(0, n.NodeCount).Where(i => n.Nodes[i].IsHeld).ToArray();
            var (a, b) = (heldNodes[0], heldNodes[^1]);
            double CurrentInto(int driven, int measured)
            {
                var held = n.HeldVoltages().Select(v => double.IsNaN(v) ? v : 0.0).ToArray();
                held[driven] = 1.0;
                return -ReferenceSolver.Solve(n, held).NetCurrentOut(n)[measured];
            }
            Assert.Equal(CurrentInto(a, b), CurrentInto(b, a), 1e-12);
        }, iter: 100);
    }

    [Fact]
    public void Superposition_the_response_to_two_sets_of_sources_is_the_sum_of_the_responses()
    {
        Networks.Sample(n =>
        {
            var both = n.HeldVoltages();
            var first = both.Select((v, i) => double.IsNaN(v) ? v : (i % 2 == 0 ? v : 0.0)).ToArray();
            var second = both.Select((v, i) => double.IsNaN(v) ? v : (i % 2 == 0 ? 0.0 : v)).ToArray();
            var sum = ReferenceSolver.Solve(n, both).Voltages;
            var one = ReferenceSolver.Solve(n, first).Voltages;
            var two = ReferenceSolver.Solve(n, second).Voltages;
            for (var i = 0; i < sum.Length; i++) Assert.Equal(sum[i], one[i] + two[i], 1e-12);
        }, iter: 100);
    }

    [Fact]
    public void Holding_an_extra_node_at_its_own_equilibrium_voltage_changes_nothing()
    {
        Networks.Where(n => n.Nodes.Any(x => !x.IsHeld)).Sample(n =>
        {
            var free = ReferenceSolver.Solve(n);
            var extra = Enumerable.Range(0, n.NodeCount).First(i => !n.Nodes[i].IsHeld);
            var held = n.HeldVoltages();
            held[extra] = free.Voltages[extra];
            var clamped = ReferenceSolver.Solve(n, held);
            for (var i = 0; i < n.NodeCount; i++) Assert.Equal(free.Voltages[i], clamped.Voltages[i], 1e-12);
        }, iter: 100);
    }

    [Fact]
    public void Refactorizing_with_new_conductances_matches_a_fresh_solve()
    {
        Networks.Sample(n =>
        {
            var solver = new LinearEquilibriumSolver(n);
            var doubled = n.Edges.Select((e, j) => e.Element.LinearConductance!.Value * (1 + j % 3)).ToArray();
            solver.SetConductances(doubled);
            var updated = n.WithElements(doubled.Select(k => (Clln.Core.Elements.IEdgeElement)new Clln.Core.Elements.Resistor(k)).ToArray());
            var expected = ReferenceSolver.Solve(updated).Voltages;
            var actual = solver.Solve(n.HeldVoltages()).Voltages;
            for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
        }, iter: 100);
    }
}
