using Clln.Actors.Training;
using Clln.Actors.Wiring;
using Clln.Cluster;
using Clln.Core.Elements;
using Clln.Core.Experiments;
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
    /// A partition member is terminated abruptly during the second epoch: its partition is re-hosted
    /// on a survivor, the checkpoint of epoch 1 restored, the calls since redone (each must give the
    /// answer it gave), and the run ends with the single-process conductances exactly (the clocked
    /// schedule is repeatable whatever the placement).
    /// </summary>
    [Fact(Timeout = 150_000, Skip = "being made reliable under load")]
    public async Task Losing_a_member_mid_run_rehosts_its_partitions_and_ends_with_the_undisturbed_conductances()
    {
        var experiment = new Experiment { Seed = 3, Engine = "actors", TrainPerClass = 2 };
        const int epochs = 2;
        var single = ExperimentSetup.Prepare(experiment);
        double[] expected;
        long expectedMessages;
        await using (var alone = new ActorTwinNetwork(single.Network, single.InputNodes, single.OutputNodes, single.Rule, experiment.Eta, single.Clock, Options(single)))
            (expected, expectedMessages) = await CheckpointedAsync(single, alone, epochs, afterEpoch: null);

        await using var cluster = await LoopbackCluster.StartAsync(3, downAfter: TimeSpan.FromSeconds(1));
        var spread = ExperimentSetup.Prepare(experiment);
        await using var network = await ClusterTwinNetwork.StartAsync(cluster.Coordinator, spread.Network, Options(spread), new ClusterRun.Spread(3),
            new LearningSetup(spread.Rule, spread.Clock), spread.InputNodes, spread.OutputNodes, experiment.Eta);
        var victim = cluster.Partitions[2];
        var victimAddress = Akka.Cluster.Cluster.Get(victim).SelfAddress.ToString();
        // Abruptly: the member's system stops without leaving, so the others see it unreachable, then down it.
        var (learned, messages) = await CheckpointedAsync(spread, network, epochs, afterEpoch: epoch =>
        {
            if (epoch == 1) _ = Task.Delay(300).ContinueWith(_ => victim.Terminate()); // during epoch 2: its calls so far are redone
        });

        Assert.Equal(expected, learned); // exact: the same doubles
        var loss = Assert.Single(network.Losses);
        Assert.Equal(victimAddress, loss.Member);
        Assert.Equal(1, loss.PartitionsMoved);
        Assert.True(loss.ResumedFromStep <= loss.AtStep);
        Assert.Equal(expectedMessages, messages); // redone work is not counted twice
    }

    /// <summary>Trains as `clln train` does: a checkpoint (fresh start from the settled voltages) after every epoch.</summary>
    private static async Task<(double[] Learned, long Messages)> CheckpointedAsync(PreparedRun run, ITwinNetwork network, int epochs, Action<int>? afterEpoch)
    {
        var trainer = new Trainer(run.Task, network);
        await trainer.EvaluateAsync(0, 0, 0, default);
        await network.CheckpointVoltagesAsync(default);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            await trainer.RunEpochAsync(epoch, default);
            await network.CheckpointVoltagesAsync(default);
            afterEpoch?.Invoke(epoch);
        }
        return ((await network.ReadElementsAsync(default)).Select(run.Rule.LearnedValue).ToArray(), network.Messages);
    }
}
