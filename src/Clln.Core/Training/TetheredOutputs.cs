using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Training;

/// <summary>
/// Equilibrium propagation's nudged state on the reference engine: the network with each output
/// tied through a resistor of conductance beta to a source at its target, which injects the
/// current beta (V_T - V) the nudge asks for, whatever the output's voltage settles at. The tie
/// is built as real edges to extra held nodes, so the same solvers (direct or Newton) apply.
/// </summary>
public sealed class TetheredOutputs
{
    private readonly int _nodes;
    private readonly IEdgeElement[] _tethers;
    private readonly IEquilibriumSolver _solver;

    /// <param name="outputs">Output nodes in task order (free in the free state).</param>
    /// <param name="beta">The tie's conductance, siemens.</param>
    internal TetheredOutputs(Network network, int[] outputs, double beta)
    {
        var tethered = Build(network, outputs, beta);
        _tethers = tethered.Edges.Skip(network.EdgeCount).Select(e => e.Element).ToArray();
        _nodes = network.NodeCount;
        _solver = EquilibriumSolver.For(tethered, tethered.Nodes.Select(n => n.IsHeld).ToArray());
    }

    /// <summary>
    /// The network with each output tied through a resistor of <paramref name="beta"/> siemens to a
    /// new held node (its target), after the network's own nodes and edges in their order: what a
    /// current nudge of beta (V_T - V) solves, and what a certificate of that state checks.
    /// </summary>
    public static Network Build(Network network, IReadOnlyList<int> outputs, double beta)
    {
        var builder = new NetworkBuilder();
        foreach (var node in network.Nodes) builder.AddNode(node);
        foreach (var edge in network.Edges) builder.AddEdge(edge.Name, network.Nodes[edge.From].Name, network.Nodes[edge.To].Name, edge.Element);
        foreach (var o in outputs)
        {
            var output = network.Nodes[o].Name;
            var target = Unused(builder.HasNode, $"target of {output}");
            builder.AddNode(target, NodeRole.Input);
            builder.AddEdge(Unused(builder.HasEdge, $"tether of {output}"), output, target, new Resistor(beta));
        }
        return builder.Build();
    }

    /// <summary>The network's edges now (the ties keep their conductance).</summary>
    public void SetElements(IReadOnlyList<IEdgeElement> elements) => _solver.SetElements([.. elements, .. _tethers]);

    /// <summary>Node voltages of the network (ties left out) with these held voltages and output targets.</summary>
    public double[] Solve(double[] held, double[] targets) =>
        _solver.Solve([.. held, .. targets]).Voltages[.._nodes];

    private static string Unused(Func<string, bool> taken, string name)
    {
        while (taken(name)) name += "'";
        return name;
    }
}
