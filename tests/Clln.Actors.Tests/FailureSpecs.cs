using Clln.Actors.Coordination;
using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Actors.Tests;

/// <summary>Bad input and impossible requests fail at once, with one line, and never hang.</summary>
public sealed class FailureSpecs : EngineSpec
{
    [Fact]
    public void A_floating_component_is_rejected_before_any_actor_starts()
    {
        var builder = new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1.0).AddNode("a").AddNode("b").AddNode("c")
            .AddEdge("r1", "in", "a", new Resistor(1)).AddEdge("r2", "b", "c", new Resistor(1));
        var e = Assert.Throws<InvalidNetworkException>(() => builder.Build());
        Assert.Contains("floating", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_phase_that_frees_every_held_node_of_a_component_is_rejected_before_any_message()
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 41);
        await using var engine = ActorEngine.Start(network, new ActorEngineOptions(), Sys);
        var nothingHeld = Enumerable.Repeat(double.NaN, network.NodeCount).ToArray();
        var e = await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new PhaseSpec(nothingHeld)));
        Assert.Contains("floating", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(0, engine.Board.Quiescence.Hot + engine.Board.Quiescence.Control);
        var held = network.HeldVoltages();
        held[0] = double.PositiveInfinity;
        await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new PhaseSpec(held)));
        await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new PhaseSpec(new double[3])));
    }

    [Fact]
    public async Task Asking_for_a_node_that_does_not_exist_fails_cleanly()
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 42);
        await using var engine = ActorEngine.Start(network, new ActorEngineOptions(), Sys);
        await engine.RelaxAsync();
        var e = await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.MeasureAsync("nowhere"));
        Assert.Equal("unknown node 'nowhere'", e.Message);
        var known = await engine.MeasureAsync("n1_1");
        Assert.Equal(engine.Network.IndexOf("n1_1"), network.IndexOf(known.Name));
        Assert.True(Math.Abs(known.Free) > 0);

        // At the actor level too: the coordinator answers at once, no timeout involved.
        var coordinator = await Sys.ActorSelection("/user/relaxation-*").ResolveOne(TimeSpan.FromSeconds(3));
        coordinator.Tell(new MeasureNode("nowhere"), TestActor);
        var failed = ExpectMsg<Failed>(TimeSpan.FromSeconds(3));
        Assert.True(failed.BadInput);
    }

    [Fact]
    public async Task A_phase_that_cannot_settle_in_its_sweep_budget_fails_with_one_line()
    {
        var network = TestNetworks.Lattice(8, 8, periodic: false, seed: 43);
        await using var engine = ActorEngine.Start(network, new ActorEngineOptions { MaxSweeps = 3 }, Sys);
        var e = await Assert.ThrowsAsync<RelaxationException>(() => engine.RelaxAsync());
        Assert.Equal("no equilibrium within 3 sweeps", e.Message);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new ActorEngineOptions { Omega = 2 }.Validate());
        Assert.Equal("omega must lie in (0, 2), not 2", e.Message);
        Assert.Throws<ArgumentException>(() => new ActorEngineOptions { Drop = 1 }.Validate());
        Assert.Throws<ArgumentException>(() => new ActorEngineOptions { Tolerance = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new ActorEngineOptions { Noise = -1 }.Validate());
    }
}
