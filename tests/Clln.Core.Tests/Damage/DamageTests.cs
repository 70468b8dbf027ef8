using Clln.Core.Damage;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Core.Tests.Damage;

/// <summary>Damage against circuits solved by hand: what a cut, a short and a dead node do to voltages and currents.</summary>
public sealed class DamageTests
{
    private static readonly ContinuousRule Rule = new(Alpha: 1e-3, Eta: 0.5, MinConductance: 1e-6, MaxConductance: 0.1);

    // in (1 V) -a- m -b- gnd, with c from m to gnd in parallel with b; and m -d- x -e- gnd, a side branch.
    private static Network Ladder() => Circuits.Build(["in=1", "m", "x", "gnd"],
        "a in m 1000", "b m gnd 2000", "c m gnd 4000", "d m x 500", "e x gnd 500");

    /// <summary>The voltage at m, measured by the reference engine on what the damage leaves.</summary>
    private static async Task<double> VoltageAtM(Network network, DamagePlan plan)
    {
        var spec = new TwinSpec(network, [network.IndexOf("in")], [network.IndexOf("m")], EdgeLearning.Plain(Rule, UpdateClock.Global), 0.5);
        await using var twin = new DamagedTwinNetwork(spec, plan, s => new ReferenceTwinNetwork(s));
        await twin.StrikeAsync(default);
        return (await twin.MeasureAsync([1.0], default)).Outputs[0];
    }

    private static int Edge(Network n, string name) => Enumerable.Range(0, n.EdgeCount).Single(j => n.Edges[j].Name == name);

    [Fact]
    public async Task A_cut_edge_is_an_open_circuit_in_a_divider()
    {
        var n = Ladder();
        // Intact: m sees 1 mS up, and 0.5 + 0.25 + (2 mS in series with 2 mS = 1 mS) down.
        Assert.Equal(1.0 / (1.0 + 0.5 + 0.25 + 1.0), await VoltageAtM(n, DamagePlan.None with { Stuck = [0] }), 1e-12);
        // Cut c: the parallel branch carries nothing.
        Assert.Equal(1.0 / (1.0 + 0.5 + 1.0), await VoltageAtM(n, DamagePlan.None with { Cut = [Edge(n, "c")] }), 1e-12);
        // Cut d: the side branch is gone, and x still hangs on e to ground (not floating).
        Assert.Equal(1.0 / (1.0 + 0.5 + 0.25), await VoltageAtM(n, DamagePlan.None with { Cut = [Edge(n, "d")] }), 1e-12);
    }

    [Fact]
    public async Task A_shorted_edge_sits_at_the_largest_conductance()
    {
        var n = Ladder();
        // b shorted: 0.1 S to ground beside the rest.
        Assert.Equal(1e-3 / (1e-3 + 0.1 + 0.25e-3 + 1e-3), await VoltageAtM(n, DamagePlan.None with { Shorted = [Edge(n, "b")] }), 1e-12);
    }

    [Fact]
    public async Task A_dead_node_takes_its_current_with_it()
    {
        var n = Ladder();
        Assert.Equal(1.0 / (1.0 + 0.5 + 0.25), await VoltageAtM(n, DamagePlan.None with { DeadNodes = [n.IndexOf("x")] }), 1e-12);
        var damaged = DamagedNetwork.Apply(n, DamagePlan.None with { DeadNodes = [n.IndexOf("x")] }, n.Edges.Select(e => e.Element).ToArray(), Rule);
        Assert.Equal(["a", "b", "c"], damaged.Network.Edges.Select(e => e.Name));
        Assert.Equal(-1, damaged.NodeOf[n.IndexOf("x")]);
        // Kirchhoff on what remains: the source's current is the current into m's two ground edges.
        var solved = new Core.Solving.LinearEquilibriumSolver(damaged.Network).Solve(damaged.Network.HeldVoltages());
        Assert.Equal(solved.Currents[0], solved.Currents[1] + solved.Currents[2], 1e-15);
    }

    [Fact]
    public void A_component_left_without_a_held_node_is_found_and_left_out()
    {
        // in -a- m -b- gnd, and a loop p -q- r -s- p hanging from m by t: cut t and the loop floats.
        var n = Circuits.Build(["in=1", "m", "p", "r", "gnd"], "a in m 1000", "b m gnd 1000", "t m p 1000", "q p r 1000", "s r p 2000");
        var damaged = DamagedNetwork.Apply(n, DamagePlan.None with { Cut = [Edge(n, "t")] }, n.Edges.Select(e => e.Element).ToArray(), Rule);
        Assert.Equal(["p", "r"], damaged.FloatingNodes);
        Assert.Equal(["a", "b"], damaged.Network.Edges.Select(e => e.Name));
        Assert.Equal([0, 1, -1, -1, 2], damaged.NodeOf);
        Assert.Equal([0, 1], damaged.EdgeOrigin);
    }

    [Fact]
    public async Task An_output_left_floating_reads_NaN_and_its_samples_count_as_wrong()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", Epochs = 1 });
        var output = run.Network.Nodes[run.OutputNodes[0]].Name;
        // Cut every edge of the first output: it floats alone.
        var cut = run.Network.IncidentEdges[run.OutputNodes[0]].Select(j => run.Network.Edges[j].Name).ToArray();
        var damaged = ExperimentSetup.Prepare(run.Experiment with { CutEdges = cut });
        var (network, damage) = damaged.CreateTwinNetwork(s => new ReferenceTwinNetwork(s));
        await using var _ = network;
        await damage!.StrikeAsync(default);
        Assert.Equal([output], damage.Damage!.FloatingNodes);
        var measured = await network.MeasureAsync(damaged.Task.Test[0].Inputs, default);
        Assert.True(double.IsNaN(measured.Outputs[0]));
        Assert.False(double.IsNaN(measured.Outputs[1]));
        var metrics = await new Trainer(damaged.Task, network).EvaluateAsync(0, 0, 0, default);
        Assert.Equal(0, metrics.TestAccuracy);
        Assert.True(double.IsNaN(metrics.TestLoss));
        await network.TrainStepAsync(damaged.Task.Train[0].Inputs, damaged.Task.Train[0].Targets, default); // trains on, no crash
    }

    [Fact]
    public async Task A_stuck_edge_keeps_its_value_while_the_others_learn()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", StuckEdges = ["e0", "e5"], DamageEpoch = 0 });
        var (network, damage) = run.CreateTwinNetwork(s => new ReferenceTwinNetwork(s));
        await damage!.StrikeAsync(default);
        var before = await network.ReadElementsAsync(default);
        var trainer = new Trainer(run.Task, network);
        await trainer.RunEpochAsync(1, default);
        var after = await network.ReadElementsAsync(default);
        Assert.Equal(before[0], after[0]);
        Assert.Equal(before[5], after[5]);
        // The others learn (all but those between two held nodes, whose drops are the same in both twins).
        Assert.True(Enumerable.Range(0, after.Length).Count(j => !after[j].Equals(before[j])) >= after.Length / 2);
    }

    [Fact]
    public void The_damage_is_drawn_from_the_seed_and_each_model_from_its_own_stream()
    {
        var network = ExperimentSetup.Prepare(new Experiment()).Network;
        DamagePlan Plan(Experiment e) => DamagePlan.Choose(e, network);
        var cut = Plan(new Experiment { CutFraction = 0.2, Seed = 4 });
        Assert.Equal(6, cut.Cut.Length); // round(0.2 x 32)
        Assert.Equal(cut.Cut, Plan(new Experiment { CutFraction = 0.2, Seed = 4 }).Cut);
        Assert.NotEqual(cut.Cut, Plan(new Experiment { CutFraction = 0.2, Seed = 5 }).Cut);
        // Adding shorts and dead nodes does not move the cuts.
        var more = Plan(new Experiment { CutFraction = 0.2, ShortFraction = 0.1, DeadFraction = 0.5, Seed = 4 });
        Assert.Equal(cut.Cut, more.Cut);
        Assert.Equal(3, more.Shorted.Length);
        Assert.All(more.DeadNodes, i => Assert.Equal(NodeRole.Free, network.Nodes[i].Role));
    }

    [Theory]
    [InlineData("cut_edges", "experiment field cut_edges: unknown edge 'nope'")]
    [InlineData("dead_nodes", "experiment field dead_nodes: unknown node 'nope'")]
    public void Unknown_names_are_errors_naming_the_field(string field, string message)
    {
        var e = ExperimentFields.Set(new Experiment(), field, "nope", "test");
        Assert.Equal(message, Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(e)).Message);
    }

    [Fact]
    public void A_held_or_output_node_cannot_die()
    {
        var run = ExperimentSetup.Prepare(new Experiment());
        var input = run.Network.Nodes[run.InputNodes[0]].Name;
        var message = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(run.Experiment with { DeadNodes = [input] })).Message;
        Assert.Equal($"experiment field dead_nodes: node '{input}' is input; only free nodes can die", message);
    }
}
