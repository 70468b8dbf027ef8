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
public sealed record PreparedRun(Experiment Experiment, Topology Topology, Network Network, LearningTask Task, TaskLayout Layout,
    int[] InputNodes, int[] OutputNodes, ILearningRule Rule, UpdateClock Clock)
{
    /// <summary>Every edge's element for these learned values (a checkpoint's), shaped like the edge's own element.</summary>
    public IEdgeElement[] ElementsFrom(IReadOnlyList<double> learnedValues) =>
        learnedValues.Select((value, j) => Rule.FromLearnedValue(value, Network.Edges[j].Element)).ToArray();

    /// <summary>The reference engine for this run.</summary>
    public ReferenceTwinNetwork CreateReferenceNetwork() => new(Network, InputNodes, OutputNodes, Rule, Experiment.Eta, Clock);
}
