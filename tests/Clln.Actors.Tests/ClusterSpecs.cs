using Clln.Actors.Training;
using Clln.Actors.Wiring;
using Clln.Cluster;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Solving;
using Clln.Core.Topologies;
using Clln.Core.Training;

namespace Clln.Actors.Tests;

/// <summary>
/// Runs spread over Akka.Cluster members (several actor systems in this process, on 127.0.0.1 at
/// free ports): the clocked schedule is repeatable whatever the timing, so a spread run must end
/// with exactly the single-process result, bit for bit, with messages crossing members only at
/// block borders.
/// </summary>
public sealed class ClusterSpecs
{
    private static ActorEngineOptions Options(PreparedRun run) => new() { Schedule = Schedule.Clocked, Tolerance = 1e-6, Seed = run.Experiment.Seed };

    private static async Task<(double[] Learned, long Messages)> TrainAsync(PreparedRun run, ActorTwinNetwork network, int epochs)
    {
        var trainer = new Trainer(run.Task, network);
        for (var epoch = 1; epoch <= epochs; epoch++) await trainer.RunEpochAsync(epoch, default);
        return ((await network.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray(), network.Messages);
    }

    [Fact(Timeout = 120_000)]
    public async Task Training_spread_over_three_members_ends_with_the_single_process_conductances_bit_for_bit()
    {
        var experiment = new Experiment { Seed = 3, Clock = "desync", Engine = "actors" };
        var single = ExperimentSetup.Prepare(experiment);
        double[] expected;
        await using (var alone = new ActorTwinNetwork(single.Network, single.InputNodes, single.OutputNodes, single.Rule, experiment.Eta, single.Clock, Options(single)))
            (expected, _) = await TrainAsync(single, alone, epochs: 1);

        await using var cluster = await LoopbackCluster.StartAsync(3);
        var spread = ExperimentSetup.Prepare(experiment); // its own task: the task re-sets its targets from outputs
        var engine = await ClusterRun.StartAsync(cluster.Coordinator, spread.Network, Options(spread), new ClusterRun.Spread(3),
            new LearningSetup(spread.Rule, spread.Clock));
        await using var actors = new ActorTwinNetwork(engine, spread.InputNodes, spread.OutputNodes, experiment.Eta);
        var (learned, messages) = await TrainAsync(spread, actors, epochs: 1);

        Assert.Equal(expected, learned); // exact: the same doubles
        Assert.NotEqual(spread.Network.Edges.Select(e => spread.Rule.LearnedValue(e.Element)), learned);
        // Messages crossed members, but only at the blocks' borders: far fewer than all.
        Assert.InRange(engine.CrossMemberMessages, 1, messages / 2);
    }

    /// <summary>
    /// The free-running schedule across members: no barrier, relaxation at the speed of the
    /// messages, and silence declared only when every member's count and the totals of messages
    /// between members balance twice in a row; then the same certificate as on one process.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Free_running_relaxation_across_three_members_certifies_within_the_tolerance_of_the_reference()
    {
        await using var cluster = await LoopbackCluster.StartAsync(3);
        foreach (var network in new[] { RandomNetlist.Generate(60, 60, decades: 4, sources: 3, seed: 7), TestNetworks.Lattice(8, 8, periodic: false, seed: 2) })
        {
            var options = new ActorEngineOptions { Schedule = Schedule.Async, Tolerance = 1e-6, Seed = 3, Drop = 0.05 };
            await using var engine = await ClusterRun.StartAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(3));
            var settled = await engine.RelaxAsync();
            Assert.True(settled.Stats.Certified);
            var error = settled.Free.Voltages.Zip(ReferenceSolver.Solve(network).Voltages, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(error <= options.Tolerance, $"largest error {error:G3} V");
            Assert.True(engine.CrossMemberMessages > 0);
        }
    }

    /// <summary>
    /// A member is lost during free-running training: the phases since the checkpoint are redone
    /// on the survivors (in another order, so not bit for bit) and the run ends with the reference
    /// trainer's conductances to within what the relaxation tolerance allows.
    /// </summary>
    [Fact(Timeout = 150_000)]
    public async Task Losing_a_member_during_free_running_training_ends_within_the_tolerance_of_the_reference_trainer()
    {
        var data = Path.GetTempFileName();
        await File.WriteAllTextAsync(data, "x1,x2,y\n0.1,0.9,0.35\n0.4,0.2,0.22\n0.8,0.5,0.41\n0.3,0.7,0.33\n0.9,0.1,0.3\n0.5,0.5,0.3\n0.2,0.3,0.14\n0.7,0.8,0.45\n");
        var experiment = new Experiment { Seed = 3, Engine = "actors", Task = "csv", Data = data, Label = "y", Schedule = "async" };
        const int epochs = 3;
        var single = ExperimentSetup.Prepare(experiment);
        await using var reference = single.CreateReferenceNetwork();
        var (expected, _, _) = await CheckpointedAsync(single, reference, epochs);

        await using var cluster = await LoopbackCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(1));
        var spread = ExperimentSetup.Prepare(experiment);
        var options = new ActorEngineOptions { Schedule = Schedule.Async, Tolerance = 1e-10, Seed = 3 };
        var network = await ClusterTwinNetwork.StartAsync(cluster.Coordinator, spread.Network, options, new ClusterRun.Spread(3),
            new LearningSetup(spread.Rule, spread.Clock), spread.InputNodes, spread.OutputNodes, experiment.Eta);
        var victim = cluster.Partitions[2];
        var killer = new CrashAfter(network, () => _ = victim.Terminate());
        var (learned, _, _) = await CheckpointedAsync(spread, killer, epochs, afterEpoch: epoch =>
        {
            if (epoch == 1) killer.Arm(calls: 5);
        });
        await network.DisposeAsync();

        Assert.Single(network.Losses);
        for (var j = 0; j < learned.Length; j++)
            Assert.True(Math.Abs(learned[j] - expected[j]) <= 1e-6 * Math.Abs(expected[j]), $"edge {j}: {learned[j]} against the reference trainer's {expected[j]}");
        File.Delete(data);
    }

    /// <summary>
    /// A member that crashed, whose partitions went to the survivors, is replaced by one that joins
    /// later (a restarted `clln node`): the next run hosts partitions on it (until 2026-12 every run
    /// reused shard ids 0..M-1, which stayed on the survivors), so a later loss of it would be noticed, and the run still
    /// ends as on one process.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task A_member_that_joins_after_a_loss_hosts_partitions_in_the_next_run()
    {
        var network = TestNetworks.Lattice(6, 6, periodic: false, seed: 4);
        var options = new ActorEngineOptions { Tolerance = 1e-6, Seed = 2 };
        var alone = await ActorRelaxation.SolveAsync(network, options);
        await using var cluster = await LoopbackCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(1));
        // A first run places partitions on all three (shard ids of their own run).
        var first = await ClusterRun.WireAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(3), null, default);
        await first.Engine.RelaxAsync();
        await first.Engine.DisposeAsync();
        var lost = Akka.Cluster.Cluster.Get(cluster.Partitions[2]).SelfAddress;
        await cluster.Partitions[2].Terminate();
        // As a re-hosting does: the same three partitions on the two survivors.
        var rehosted = await ClusterRun.WireAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(2, Partitions: 3), null, default, lost: [lost]);
        await rehosted.Engine.RelaxAsync();
        await rehosted.Engine.DisposeAsync();
        var joined = Akka.Cluster.Cluster.Get(await cluster.JoinPartitionMemberAsync()).SelfAddress;

        var next = await ClusterRun.WireAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(3), null, default, lost: [lost]);
        await using var engine = next.Engine;
        Assert.Contains(joined, next.Members);
        Assert.DoesNotContain(lost, next.Members);
        Assert.Equal(3, next.Members.Distinct().Count());
        var settled = await engine.RelaxAsync();
        Assert.Equal(alone.Equilibrium.Voltages, settled.Free.Voltages); // clocked: bit for bit
    }

    /// <summary>
    /// A network too big for one member (by clln.cluster.max-actors-per-member) is refused on one
    /// member, in one line and before anything is wired, and runs when spread over three.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task A_network_that_fits_only_when_spread_runs_on_three_members_and_is_refused_on_one()
    {
        var network = RandomNetlist.Generate(60, 60, decades: 3, sources: 2, seed: 5); // 60 nodes + 119 edges = 179 actors
        var options = new ActorEngineOptions { Tolerance = 1e-6, Seed = 2 };
        await using var cluster = await LoopbackCluster.StartAsync(3);
        var refused = await Assert.ThrowsAsync<Clln.Core.Model.InvalidNetworkException>(() =>
            ClusterRun.StartAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(1, MaxActorsPerMember: 80)));
        Assert.Contains("do not fit on 1 member", refused.Message);
        Assert.DoesNotContain("\n", refused.Message);
        await using var engine = await ClusterRun.StartAsync(cluster.Coordinator, network, options, new ClusterRun.Spread(3, MaxActorsPerMember: 80));
        var settled = await engine.RelaxAsync();
        var error = settled.Free.Voltages.Zip(ReferenceSolver.Solve(network).Voltages, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(error <= options.Tolerance);
    }

    /// <summary>
    /// A partition member is terminated abruptly during the second epoch: its partition is re-hosted
    /// on a survivor, the checkpoint of epoch 1 restored, the calls since redone (each must give the
    /// answer it gave), and the run ends with the single-process conductances exactly (the clocked
    /// schedule is repeatable whatever the placement).
    /// </summary>
    [Fact(Timeout = 150_000)]
    public async Task Losing_a_member_mid_run_rehosts_its_partitions_and_ends_with_the_undisturbed_conductances()
    {
        // A small regression (4 training and 4 test samples), so an epoch is a few dozen phases.
        var data = Path.GetTempFileName();
        await File.WriteAllTextAsync(data, "x1,x2,y\n0.1,0.9,0.35\n0.4,0.2,0.22\n0.8,0.5,0.41\n0.3,0.7,0.33\n0.9,0.1,0.3\n0.5,0.5,0.3\n0.2,0.3,0.14\n0.7,0.8,0.45\n");
        var experiment = new Experiment { Seed = 3, Engine = "actors", Task = "csv", Data = data, Label = "y" };
        const int epochs = 3;
        var single = ExperimentSetup.Prepare(experiment);
        double[] expected;
        long expectedMessages;
        await using (var alone = new ActorTwinNetwork(single.Network, single.InputNodes, single.OutputNodes, single.Rule, experiment.Eta, single.Clock, Options(single)))
            (expected, expectedMessages, _) = await CheckpointedAsync(single, alone, epochs);

        await using var cluster = await LoopbackCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(1));
        var spread = ExperimentSetup.Prepare(experiment);
        var network = await ClusterTwinNetwork.StartAsync(cluster.Coordinator, spread.Network, Options(spread), new ClusterRun.Spread(3),
            new LearningSetup(spread.Rule, spread.Clock), spread.InputNodes, spread.OutputNodes, experiment.Eta);
        var victim = cluster.Partitions[2];
        var victimAddress = Akka.Cluster.Cluster.Get(victim).SelfAddress.ToString();
        // Abruptly (the member's system stops without leaving: the others find it unreachable and
        // down it), after the checkpoint of epoch 1 and five calls into epoch 2, which are redone.
        var killer = new CrashAfter(network, () => _ = victim.Terminate());
        var (learned, messages, checkpoints) = await CheckpointedAsync(spread, killer, epochs, afterEpoch: epoch =>
        {
            if (epoch == 1) killer.Arm(calls: 5);
        });
        await network.DisposeAsync();

        Assert.Equal(expected, learned); // exact: the same doubles
        var loss = Assert.Single(network.Losses);
        Assert.Equal(victimAddress, loss.Member);
        Assert.Equal(1, loss.PartitionsMoved);
        Assert.True(loss.ResumedFromStep < loss.AtStep, $"resumed from step {loss.ResumedFromStep}, lost at {loss.AtStep}: no work was redone");
        Assert.Equal(expectedMessages, messages); // redone work is not counted twice

        // As after losing the coordinator's own member: a new coordinator restores the checkpoint
        // of epoch 1 on the two surviving members (as `clln train --resume` does) and goes on.
        var resumedRun = ExperimentSetup.Prepare(experiment);
        await using (var again = await ClusterTwinNetwork.StartAsync(cluster.Coordinator, resumedRun.Network, Options(resumedRun), new ClusterRun.Spread(2, Partitions: 3),
            new LearningSetup(resumedRun.Rule, resumedRun.Clock), resumedRun.InputNodes, resumedRun.OutputNodes, experiment.Eta))
        {
            var (resumed, _, _) = await CheckpointedAsync(resumedRun, again, epochs, from: checkpoints.Single(c => c.Epoch == 1));
            Assert.Equal(expected, resumed);
        }
        File.Delete(data);
    }

    /// <summary>
    /// Continuous learning across members ticks the same Euler steps as one process (each tick a
    /// barrier, every node stepping from the last tick's news): the same doubles, whatever the placement.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task Continuous_learning_on_three_members_learns_exactly_what_one_process_learns()
    {
        var data = Path.GetTempFileName();
        await File.WriteAllTextAsync(data, "x1,x2,y\n0.1,0.9,0.35\n0.4,0.2,0.22\n0.8,0.5,0.41\n0.3,0.7,0.33\n0.9,0.1,0.3\n0.5,0.5,0.3\n0.2,0.3,0.14\n0.7,0.8,0.45\n");
        var experiment = new Experiment { Seed = 3, Engine = "actors", Task = "csv", Data = data, Label = "y", LearningMode = "continuous", TimescaleRatio = 3 };
        var single = ExperimentSetup.Prepare(experiment);
        double[] expected;
        await using (var alone = new ActorTwinNetwork(single.Twin, Options(single)) { TimescaleRatio = single.ContinuousTimescale })
            (expected, _) = await TrainAsync(single, alone, 2);

        await using var cluster = await LoopbackCluster.StartAsync(3);
        var spread = ExperimentSetup.Prepare(experiment);
        await using var network = await ClusterTwinNetwork.StartAsync(cluster.Coordinator, spread.Network, Options(spread), new ClusterRun.Spread(3),
            new LearningSetup(spread.Rule, spread.Clock), spread.InputNodes, spread.OutputNodes, experiment.Eta, timescaleRatio: spread.ContinuousTimescale);
        var trainer = new Trainer(spread.Task, network);
        for (var epoch = 1; epoch <= 2; epoch++) await trainer.RunEpochAsync(epoch, default);
        Assert.Equal(expected, (await network.ReadElementsAsync(default)).Select(spread.Rule.LearnedValue).ToArray()); // exact: the same doubles
        Assert.True(network.CrossMemberMessages > 0);
        File.Delete(data);
    }

    /// <summary>Passes calls on; once armed, crashes a member after that many more measurements or training steps.</summary>
    private sealed class CrashAfter(ITwinNetwork inner, Action crash) : ITwinNetwork
    {
        private int _left = -1;

        public void Arm(int calls) => _left = calls;

        public long Step => inner.Step;

        public long Messages => inner.Messages;

        public long UncertifiedPhases => inner.UncertifiedPhases;

        public double LargestErrorBound => inner.LargestErrorBound;

        public async Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) => Count(await inner.MeasureAsync(inputs, cancellation));

        public async Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation) =>
            Count(await inner.TrainStepAsync(inputs, targets, mode, cancellation));

        public Task ApplyAccumulatedAsync(CancellationToken cancellation) => inner.ApplyAccumulatedAsync(cancellation);

        public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => inner.ReadElementsAsync(cancellation);

        public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => inner.CheckpointVoltagesAsync(cancellation);

        public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation) =>
            inner.RestoreAsync(elements, step, voltages, cancellation);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private FreeMeasurement Count(FreeMeasurement answer)
        {
            if (_left > 0 && --_left == 0) crash();
            return answer;
        }
    }

    /// <summary>What `clln train` keeps at an epoch's end (the task's moving targets aside: a regression has none).</summary>
    private sealed record Saved(int Epoch, IEdgeElement[] Elements, long Step, SettledVoltages? Voltages, IReadOnlyList<double[]>? TrainOutputs);

    /// <summary>Trains as `clln train` does, from the start or from a checkpoint: a checkpoint (a fresh start from the settled voltages) after every epoch.</summary>
    private static async Task<(double[] Learned, long Messages, List<Saved> Checkpoints)> CheckpointedAsync(PreparedRun run, ITwinNetwork network, int epochs,
        Action<int>? afterEpoch = null, Saved? from = null)
    {
        var trainer = new Trainer(run.Task, network);
        var saved = new List<Saved>();
        async Task SaveAsync(int epoch)
        {
            var elements = await network.ReadElementsAsync(default);
            saved.Add(new Saved(epoch, elements, network.Step, await network.CheckpointVoltagesAsync(default), trainer.TrainOutputs));
        }
        if (from is null) await trainer.EvaluateAsync(0, 0, 0, default);
        else
        {
            await network.RestoreAsync(from.Elements, from.Step, from.Voltages, default);
            trainer.TrainOutputs = from.TrainOutputs;
        }
        await SaveAsync(from?.Epoch ?? 0);
        for (var epoch = (from?.Epoch ?? 0) + 1; epoch <= epochs; epoch++)
        {
            await trainer.RunEpochAsync(epoch, default);
            await SaveAsync(epoch);
            afterEpoch?.Invoke(epoch);
        }
        return ((await network.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray(), network.Messages, saved);
    }
}
