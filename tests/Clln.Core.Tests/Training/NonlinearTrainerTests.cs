using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Training;

namespace Clln.Core.Tests.Training;

/// <summary>The reference trainer on transistor and mixed networks: Newton states, gate updates from each edge's own drops.</summary>
public sealed class NonlinearTrainerTests
{
    private static readonly GateRule Rule = new(Gain: 10, GateRule.LabLearningTime, GateRule.LabRc, 0.0, 4.0, new Transistor(1.0));

    private static Network Divider() => new NetworkBuilder()
        .AddNode("in", NodeRole.Input, 1.0).AddNode("out", NodeRole.Output).AddNode("gnd", NodeRole.Ground)
        .AddEdge("t1", "in", "out", new Transistor(2.0))
        .AddEdge("t2", "out", "gnd", new Transistor(2.2))
        .Build();

    [Fact]
    public async Task One_step_clamps_the_output_at_the_nudge_and_moves_each_gate_by_its_own_drops()
    {
        var network = Divider();
        var (input, output) = (network.IndexOf("in"), network.IndexOf("out"));
        var twin = new ReferenceTwinNetwork(network, [input], [output], Rule, eta: 0.5, UpdateClock.Global);
        var free = await twin.TrainStepAsync([0.9], [0.6], default);

        // Independently: the free state, then the clamped state with the output held at the nudge.
        var held = network.HeldVoltages();
        held[input] = 0.9;
        var vf = ReferenceSolver.Solve(network, held).Voltages;
        Assert.Equal(vf[output], free.Outputs[0], 1e-12);
        held[output] = vf[output] + 0.5 * (0.6 - vf[output]);
        var vc = ReferenceSolver.Solve(network, held).Voltages;

        var gates = (await twin.ReadElementsAsync(default)).Cast<Transistor>().Select(t => t.GateVoltage).ToArray();
        var rate = 100e-6 / 2.2e-3 * 10;
        Assert.Equal(2.0 + rate * (Math.Pow(0.9 - vf[output], 2) - Math.Pow(0.9 - vc[output], 2)), gates[0], 1e-12);
        Assert.Equal(2.2 + rate * (Math.Pow(vf[output], 2) - Math.Pow(vc[output], 2)), gates[1], 1e-12);
        // The output must rise toward 0.6 V: the upper transistor opens, the lower one closes.
        Assert.True(vf[output] < 0.6 && gates[0] > 2.0 && gates[1] < 2.2);
    }

    [Fact]
    public async Task Repeated_steps_drive_the_output_to_its_target()
    {
        var network = Divider();
        var twin = new ReferenceTwinNetwork(network, [network.IndexOf("in")], [network.IndexOf("out")], Rule, eta: 0.5, UpdateClock.Global);
        var before = (await twin.MeasureAsync([0.9], default)).Outputs[0];
        for (var step = 0; step < 400; step++) await twin.TrainStepAsync([0.9], [0.6], default);
        var after = (await twin.MeasureAsync([0.9], default)).Outputs[0];
        Assert.True(Math.Abs(after - 0.6) < Math.Abs(before - 0.6) / 100, $"output {before} -> {after}, target 0.6");
    }

    [Fact]
    public async Task A_mixed_network_learns_with_both_rules_and_restores_from_learned_values()
    {
        var network = new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1.0).AddNode("mid").AddNode("out", NodeRole.Output).AddNode("gnd", NodeRole.Ground)
            .AddEdge("r1", "in", "mid", new Resistor(1e-3))
            .AddEdge("t1", "mid", "out", new Transistor(2.0))
            .AddEdge("r2", "out", "gnd", new Resistor(1e-3))
            .AddEdge("t2", "mid", "gnd", new Transistor(1.5))
            .Build();
        var rule = new MixedRule(new ContinuousRule(1e-3, 0.5, 1e-5, 1e-2), Rule);
        var twin = new ReferenceTwinNetwork(network, [0], [2], rule, 0.5, UpdateClock.Global);
        for (var step = 0; step < 5; step++) await twin.TrainStepAsync([1.0], [0.5], default);
        var elements = await twin.ReadElementsAsync(default);
        Assert.IsType<Resistor>(elements[0]);
        Assert.IsType<Transistor>(elements[1]);
        Assert.All(elements.Zip(network.Edges), p => Assert.NotEqual(p.Second.Element, p.First));
        var values = elements.Select(rule.LearnedValue).ToArray();
        Assert.Equal(elements, values.Select((v, j) => rule.FromLearnedValue(v, network.Edges[j].Element)));
    }
}
