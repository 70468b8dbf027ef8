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
}
