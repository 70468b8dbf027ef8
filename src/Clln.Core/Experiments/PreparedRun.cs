using Clln.Core.Damage;
using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Tasks;
using Clln.Core.Topologies;
using Clln.Core.Training;

namespace Clln.Core.Experiments;

/// <summary>An experiment turned into things that run: the wired network, the task, the rule and the clock.</summary>
/// <param name="InputNodes">Indices of the input nodes in <see cref="Network"/>, in the task's order.</param>
/// <param name="OutputNodes">Indices of the output nodes, in the task's order.</param>
/// <param name="Learning">How every edge learns: rule, clock and the hardware's imperfections.</param>
/// <param name="Damage">What the damage hits (empty for none), and <see cref="Experiment.DamageEpoch"/> says when.</param>
/// <summary>One task of the run as it trains: its name, what it learns and for how many epochs (see <see cref="TaskSequence"/>).</summary>
public sealed record PreparedTask(string Name, LearningTask Task, int Epochs);

public sealed record PreparedRun(Experiment Experiment, Topology Topology, Network Network, LearningTask Task, TaskLayout Layout,
    int[] InputNodes, int[] OutputNodes, ILearningRule Rule, UpdateClock Clock, EdgeLearning Learning, DamagePlan Damage)
{
    /// <summary>The tasks in the order they are trained: <see cref="Task"/> alone unless the experiment lists tasks (then it is the first).</summary>
    public IReadOnlyList<PreparedTask> Tasks { get; init; } = [];

    /// <summary>Every edge's element for these learned values (a checkpoint's), shaped like the edge's own element.</summary>
    public IEdgeElement[] ElementsFrom(IReadOnlyList<double> learnedValues) =>
        learnedValues.Select((value, j) => Rule.FromLearnedValue(value, Network.Edges[j].Element)).ToArray();

    /// <summary>The intact network as an engine sees it.</summary>
    public TwinSpec Twin => new(Network, InputNodes, OutputNodes, Learning, Experiment.Eta, ExperimentSetup.NudgeOf(Experiment.Rule));

    /// <summary>
    /// The learning network of this run on the engine <paramref name="engine"/> builds: with its
    /// damage (to strike at the damage epoch; null when there is none) and its output noise.
    /// </summary>
    public (ITwinNetwork Network, DamagedTwinNetwork? Damage) CreateTwinNetwork(Func<TwinSpec, ITwinNetwork> engine)
    {
        var damage = Damage.IsEmpty ? null : new DamagedTwinNetwork(Twin, Damage, engine);
        return (WithOutputNoise(damage ?? engine(Twin)), damage);
    }

    /// <summary>The network read through the run's output noise (itself when there is none).</summary>
    public ITwinNetwork WithOutputNoise(ITwinNetwork network) =>
        Experiment.OutputNoise > 0 ? new NoisyOutputs(network, Experiment.OutputNoise, Experiment.Eta, Experiment.Seed) : network;

    /// <summary>The reference engine for this run (its damage, if any, not struck).</summary>
    public ITwinNetwork CreateReferenceNetwork() => CreateTwinNetwork(ReferenceEngine).Network;

    /// <summary>The reference engine for a network: exact states each phase, or the continuous dynamics (learning_mode).</summary>
    public ITwinNetwork ReferenceEngine(TwinSpec spec) => ContinuousTimescale is { } ratio
        ? new ContinuousLearningNetwork(spec, ratio)
        : new ReferenceTwinNetwork(spec);

    /// <summary>Continuous learning's relaxation times per training step (timescale_ratio); null for quasistatic learning.</summary>
    public double? ContinuousTimescale => Experiment.LearningMode == "continuous" ? Experiment.TimescaleRatio : null;
}
