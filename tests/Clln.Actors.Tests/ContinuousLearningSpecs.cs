using Clln.Actors.Coordination;
using Clln.Actors.Faults;
using Clln.Actors.Training;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Topologies;
using Clln.Core.Training;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// Learning beyond the quasistatic limit on the actors: the clock ticks every node through Euler
/// steps of its relaxation while every edge integrates its update from the drops it sees at each
/// tick. The reference engine integrates the same dynamics on one array, so the two agree to
/// rounding, on any schedule and over lossy, delayed, reordering links (the link layer repairs
/// its losses within the tick); and the dynamics are not the quasistatic rule.
/// </summary>
public sealed class ContinuousLearningSpecs : EngineSpec
{
    /// <summary>Relative difference allowed between the engines' conductances: rounding, summed in another order.</summary>
    private const double Rounding = 1e-9;

    private static double[] Conductances(IEnumerable<IEdgeElement> elements) => elements.Select(e => e.LinearConductance!.Value).ToArray();

    /// <summary>The generated netlists' limit on how far a local correction can be amplified into an error (the relaxation's condition).</summary>
    private const double MostAmplification = 2000;

    private static double Amplification(Network network) =>
        Certificate.For(network, network.Nodes.Select(n => n.IsHeld).ToArray(), network.HeldVoltages()).Amplification;

    [Theory]
    [InlineData("clocked", "global")]
    [InlineData("async", "desync")]
    public async Task An_epoch_of_continuous_learning_on_the_actors_gives_the_reference_dynamics_conductances(string schedule, string clock)
    {
        var run = ExperimentSetup.Prepare(new Experiment { Seed = 5, Engine = "actors", LearningMode = "continuous", TimescaleRatio = 4, Clock = clock });
        Assert.Equal(4, run.ContinuousTimescale);
        await using var actors = new ActorTwinNetwork(run.Twin, ExperimentLinks.Options(run.Experiment) with { Schedule = Enum.Parse<Schedule>(schedule, ignoreCase: true), Tolerance = 1e-11 }, Sys)
        {
            TimescaleRatio = run.ContinuousTimescale,
        };
        var reference = run.CreateReferenceNetwork();
        Assert.IsType<ContinuousLearningNetwork>(reference);
        var actorEpoch = await new Trainer(run.Task, actors).RunEpochAsync(1, default);
        var referenceEpoch = await new Trainer(ExperimentSetup.Prepare(run.Experiment).Task, reference).RunEpochAsync(1, default);
        var (a, r) = (Conductances(await actors.ReadElementsAsync(default)), Conductances(await reference.ReadElementsAsync(default)));
        for (var j = 0; j < a.Length; j++)
            Assert.True(Math.Abs(a[j] - r[j]) <= Rounding * r[j], $"edge {j}: actors {a[j]}, reference {r[j]}");
        Assert.Equal(referenceEpoch.TrainLoss, actorEpoch.TrainLoss, 1e-9);
        Assert.Equal(0, actors.UncertifiedPhases); // every measurement was certified; the dynamics certify nothing and are not counted

        // Four relaxation times a step is far from the quasistatic limit: the same epoch learned quasistatically differs.
        var quasistatic = ExperimentSetup.Prepare(run.Experiment with { LearningMode = "quasistatic" });
        var settled = quasistatic.CreateReferenceNetwork();
        await new Trainer(quasistatic.Task, settled).RunEpochAsync(1, default);
        var q = Conductances(await settled.ReadElementsAsync(default));
        Assert.True(a.Zip(q).Max(p => Math.Abs(p.First - p.Second) / p.Second) > 1e-4, "continuous learning at 4 relaxation times a step learned what the quasistatic rule learns");
    }

    [Fact]
    public async Task A_checkpoint_taken_between_steps_continues_the_dynamics_exactly()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Seed = 6, Engine = "actors", LearningMode = "continuous", TimescaleRatio = 3 });
        var options = ExperimentLinks.Options(run.Experiment) with { Schedule = Schedule.Clocked, Tolerance = 1e-11 };
        await using var whole = new ActorTwinNetwork(run.Twin, options, Sys) { TimescaleRatio = 3 };
        var samples = run.Task.Train.Take(6).ToArray();
        var targets = samples.Select(s => run.Task.TargetFor(s)).ToArray();
        for (var i = 0; i < 3; i++) await whole.TrainStepAsync(samples[i].Inputs, targets[i], default);
        await whole.MeasureAsync(samples[5].Inputs, default); // an inference moves the nodes; the dynamics' state is what a checkpoint keeps
        var (elements, step, voltages) = (await whole.ReadElementsAsync(default), whole.Step, await whole.CheckpointVoltagesAsync(default));
        await using var resumed = new ActorTwinNetwork(run.Twin, options, Sys) { TimescaleRatio = 3 };
        await resumed.RestoreAsync(elements, step, voltages, default);
        for (var i = 3; i < 6; i++)
        {
            await whole.TrainStepAsync(samples[i].Inputs, targets[i], default);
            await resumed.TrainStepAsync(samples[i].Inputs, targets[i], default);
        }
        Assert.Equal(Conductances(await whole.ReadElementsAsync(default)), Conductances(await resumed.ReadElementsAsync(default)));
    }

    /// <summary>
    /// On generated ill-conditioned netlists (conductances over five decades, 10 to 30 nodes),
    /// with one free node trained toward a target, over links that lose, delay and reorder
    /// messages: the actors' continuous learning is the reference dynamics. The ticks do not
    /// depend on the schedule, which only the inferences between steps use: those are clocked and
    /// over-relaxed here, since free-running Jacobi needs millions of messages on some of these
    /// netlists (seed 289137, 11 nodes: 2.8 million) and that is the relaxation specs' matter.
    /// Those inferences take sweeps in proportion to the certificate's amplification, and every
    /// sweep waits for its delayed messages: drawn without a limit, a sample took from a second
    /// (amplification 6) to five minutes (1.6e4), so the draws keep to at most
    /// <see cref="MostAmplification"/>, still a thousandfold, and the suite's time stays bounded.
    /// </summary>
    [Fact]
    public async Task Over_lossy_delayed_links_on_generated_netlists_the_actors_integrate_the_reference_dynamics()
    {
        var netlists = Gen.Select(Gen.Int[10, 30], Gen.Double[0.3, 1.5], Gen.Int[1, 4], Gen.Int[0, 1_000_000])
            .Select((nodes, chords, sources, seed) => (RandomNetlist.Generate(nodes, (int)(chords * nodes), decades: 5, sources, seed), $"{nodes} nodes, {sources} sources, seed {seed}"))
            .Where(net => Amplification(net.Item1) <= MostAmplification);
        var links = Gen.Select(Gen.Int[0, 2], Gen.Double[0.5, 20], Gen.Int[1, 1000])
            .Select((loss, ratio, seed) => (Drop: new[] { 0.0, 0.01, 0.3 }[loss], Ratio: ratio, Seed: seed));
        await Gen.Select(netlists, links).SampleAsync(async (net, link) =>
        {
            var (network, description) = net;
            var output = Enumerable.Range(0, network.NodeCount).First(i => !network.Nodes[i].IsHeld);
            var top = network.Nodes.Where(n => n.IsHeld).Max(n => Math.Abs(n.Voltage));
            // Slow enough that no conductance runs to its bound (which would spread them far beyond five decades).
            var smallest = network.Edges.Min(e => e.Element.LinearConductance!.Value);
            var learning = EdgeLearning.Plain(new ContinuousRule(Alpha: 0.01 * smallest, Eta: 0.5, MinConductance: 1e-12, MaxConductance: 1e12), UpdateClock.Global);
            var spec = new TwinSpec(network, [], [output], learning, 0.5);
            var options = new ActorEngineOptions
            {
                Schedule = Schedule.Clocked, Omega = 1.6, Drop = link.Drop, Seed = link.Seed, Tolerance = 1e-6,
                Delay = DelaySpec.Parse("uniform:0-50us"), Reorder = true,
            };
            await using var actors = new ActorTwinNetwork(spec, options, Sys) { TimescaleRatio = link.Ratio };
            ITwinNetwork reference = new ContinuousLearningNetwork(spec, link.Ratio);
            var start = Conductances(network.Edges.Select(e => e.Element));
            double[] target = [0.5 * top];
            for (var step = 0; step < 3; step++)
            {
                await actors.TrainStepAsync([], target, default);
                await reference.TrainStepAsync([], target, default);
            }
            var (a, r) = (Conductances(await actors.ReadElementsAsync(default)), Conductances(await reference.ReadElementsAsync(default)));
            for (var j = 0; j < a.Length; j++)
                Assert.True(Math.Abs(a[j] - r[j]) <= Rounding * r[j], $"{description}, {link}: edge {j}: actors {a[j]}, reference {r[j]}");
            Assert.True(r.Zip(start).Any(p => p.First != p.Second), $"{description}: nothing learned, so nothing was compared");
            if (link.Drop > 0) Assert.True(actors.Engine.Board.Quiescence.Dropped > 0, $"{description}, {link}: no message was lost");
        }, iter: 6, threads: 1);
    }
}
