using Clln.Actors.Faults;
using Clln.Actors.Members;
using Clln.Cluster;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;

namespace Clln.Actors.Tests;

/// <summary>
/// The clocked schedule across members, stepped by the partitions among themselves (see
/// PartitionClock): every node is ticked from exactly what it would have heard in one process, so
/// voltages, messages, sweeps and node updates are the single process's, bit for bit, while the
/// coordinator waits for silence only at each round's start and end, not at every colour step.
/// The sweep limit and cancellation end a round as they end one process's.
/// </summary>
public sealed class PartitionStepSpecs
{
    private static readonly DelaySpec Jitter = DelaySpec.Parse("uniform:0-50us");

    private static readonly string[] Cases = ["random, omega 1.3", "lattice on 5 partitions, omega 1.5", "transistors and resistors", "lossy delayed links", "hash placement"];

    private static (Network Network, ActorEngineOptions Options, ClusterRun.Spread Spread) Case(string name) => name switch
    {
        "random, omega 1.3" => (RandomNetlist.Generate(60, 90, decades: 4, sources: 3, seed: 11), new() { Omega = 1.3, Seed = 4 }, new(3)),
        "lattice on 5 partitions, omega 1.5" => (TestNetworks.Lattice(8, 8, periodic: false, seed: 5), new() { Omega = 1.5, Seed = 5 }, new(3, Partitions: 5)),
        // Nonlinear edges also correct the node that moved: the one message that crosses back.
        "transistors and resistors" => (TransistorSpecs.Lattice("mixed", seed: 3), new() { Tolerance = 1e-9, Seed = 6 }, new(3)),
        "lossy delayed links" => (RandomNetlist.Generate(40, 50, decades: 4, sources: 2, seed: 12), new() { Drop = 0.1, Delay = Jitter, Reorder = true, Seed = 7 }, new(3)),
        // Edges away from both their nodes: the coordinator ticks every colour step itself.
        _ => (RandomNetlist.Generate(40, 50, decades: 4, sources: 2, seed: 13), new() { Seed = 8 }, new(3, Placement: (network, partitions) => Placement.Hash(network, partitions))),
    };

    [Fact(Timeout = 240_000)]
    public async Task Clocked_relaxation_across_members_is_the_single_process_relaxation_bit_for_bit()
    {
        await using var cluster = await LoopbackCluster.StartAsync(3);
        foreach (var name in Cases)
        {
            var (network, options, spread) = Case(name);
            options = options with { Schedule = Schedule.Clocked };
            TwinEquilibrium alone;
            await using (var single = ActorEngine.Start(network, options)) alone = await single.RelaxAsync();
            await using var engine = await ClusterRun.StartAsync(cluster.Coordinator, network, options, spread);
            var spreadOut = await engine.RelaxAsync();

            Assert.True(spreadOut.Stats.Certified, $"{name}: not certified");
            Assert.Equal(alone.Free.Voltages, spreadOut.Free.Voltages);
            Assert.Equal(alone.Clamped.Voltages, spreadOut.Clamped.Voltages);
            Assert.Equal(alone.Stats.Messages, spreadOut.Stats.Messages);
            Assert.Equal(alone.Stats.SweepsOrRounds, spreadOut.Stats.SweepsOrRounds);
            Assert.Equal(alone.Stats.Updates, spreadOut.Stats.Updates);
            Assert.True(engine.CrossMemberMessages > 0, $"{name}: nothing crossed members");
            if (name == "hash placement") Assert.Equal(alone.Stats.Barriers, spreadOut.Stats.Barriers);
            else Assert.True(spreadOut.Stats.Barriers * 5 < alone.Stats.Barriers,
                $"{name}: {spreadOut.Stats.Barriers} barriers across members against {alone.Stats.Barriers} on one process: the coordinator still ticks every step");
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task The_sweep_limit_and_cancellation_end_a_round_as_on_one_process()
    {
        await using var cluster = await LoopbackCluster.StartAsync(3);
        var clocked = new ActorEngineOptions { Schedule = Schedule.Clocked };

        // Divergence is the one process's (DivergenceSpecs) only on networks no file could hold
        // (volts near the largest double): refused at once, in one line, before anything is wired.
        var refused = await Assert.ThrowsAsync<InvalidNetworkException>(() => ClusterRun.StartAsync(cluster.Coordinator, DivergenceSpecs.Overflowing(), clocked, new ClusterRun.Spread(3)));
        Assert.Equal("node 'n1_1': held voltage must be within ±1e100 V, not 1.7E+308: a network spread over members cannot hold it", refused.Message);

        var lattice = TestNetworks.Lattice(8, 8, periodic: false, seed: 43);
        await using (var limited = await ClusterRun.StartAsync(cluster.Coordinator, lattice, clocked with { MaxSweeps = 3 }, new ClusterRun.Spread(3)))
        {
            var e = await Assert.ThrowsAsync<RelaxationException>(() => limited.RelaxAsync());
            Assert.Equal("no equilibrium within 3 sweeps", e.Message);
        }

        // Cancelled mid-round (every step waits for a delay line): the partitions stop stepping, and the next relaxation settles.
        await using var delayed = await ClusterRun.StartAsync(cluster.Coordinator, lattice, clocked with { Delay = DelaySpec.Parse("fixed:2ms"), Tolerance = 1e-6 }, new ClusterRun.Spread(3));
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delayed.RelaxAsync(null, cancel.Token));
        var settled = await delayed.RelaxAsync();
        var error = settled.Free.Voltages.Zip(ReferenceSolver.Solve(lattice).Voltages, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error <= 1e-6, $"largest error {error:G3} V after a cancelled round");
    }
}
