using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;

namespace Clln.Core.Tasks;

/// <summary>
/// Which nodes of a topology the experimenter wires to what: input sources, output probes, the
/// ground and fixed bias voltages. Chosen from the seed (a random distinct set) unless named.
/// </summary>
public sealed record TaskLayout(string[] Inputs, string[] Outputs, string Ground, (string Node, double Volts)[] Biases)
{
    /// <summary>
    /// Names given explicitly are kept; the rest are drawn at random (from the seed) among the
    /// nodes not yet used. Throws when the topology has too few nodes.
    /// </summary>
    public static TaskLayout Choose(Topology topology, int inputs, int outputs, double[] biasVolts, int seed,
        string[]? inputNames = null, string[]? outputNames = null, string? groundName = null, string[]? biasNames = null)
    {
        var needed = inputs + outputs + 1 + biasVolts.Length;
        if (needed > topology.NodeCount)
            throw new BadInputException($"{topology.Description}: the task needs {needed} distinct nodes ({inputs} inputs, {outputs} outputs, 1 ground, {biasVolts.Length} biases) but the network has {topology.NodeCount}");
        var known = new HashSet<string>(topology.NodeNames, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (inputNames ?? []).Concat(outputNames ?? []).Concat(groundName is null ? [] : [groundName]).Concat(biasNames ?? []))
        {
            if (!known.Contains(name)) throw new BadInputException($"{topology.Description}: unknown node '{name}'");
            if (!used.Add(name)) throw new BadInputException($"{topology.Description}: node '{name}' is given two jobs");
        }
        var pool = topology.NodeNames.Where(n => !used.Contains(n)).ToArray();
        new Random(seed).Shuffle(pool);
        var next = 0;
        string[] Fill(string[]? given, int count, string what)
        {
            if (given is not null && given.Length != count)
                throw new BadInputException($"{what}: {given.Length} nodes named but the task needs {count}");
            return given ?? Enumerable.Range(0, count).Select(_ => pool[next++]).ToArray();
        }
        var inputNodes = Fill(inputNames, inputs, "inputs");
        var outputNodes = Fill(outputNames, outputs, "outputs");
        var ground = groundName ?? pool[next++];
        var biasNodes = Fill(biasNames, biasVolts.Length, "biases");
        return new TaskLayout(inputNodes, outputNodes, ground, biasNodes.Zip(biasVolts).ToArray());
    }

    /// <summary>
    /// The fixed layout of the two-input differential classifiers on a square lattice: the inputs on
    /// opposite corners of one square (n0_0, n1_1) and the outputs O+ and O- on its other two
    /// corners (n0_1, n1_0), so each output touches both inputs through one edge; the ground at
    /// n2_2 and the + and - sources (in that order of <paramref name="biasVolts"/>) at n3_3 and n2_0.
    /// Every edge passes more current for a larger drop, so each node voltage is a nondecreasing
    /// function of each input: O+ and O- alone cannot tell "same" from "opposite", and an XOR must
    /// come from their difference, two outputs that see the inputs alike and learn to bend
    /// differently. (A layout drawn at random rarely gives them that symmetric view, and the
    /// classifier then fails whatever it is taught.) Null when the lattice lacks these nodes or the
    /// biases are not two.
    /// </summary>
    public static TaskLayout? Plaquette(Topology topology, double[] biasVolts)
    {
        string[] nodes = ["n0_0", "n1_1", "n0_1", "n1_0", "n2_2", "n3_3", "n2_0"];
        var known = new HashSet<string>(topology.NodeNames, StringComparer.Ordinal);
        if (biasVolts.Length != 2 || !nodes.All(known.Contains)) return null;
        return new TaskLayout([nodes[0], nodes[1]], [nodes[2], nodes[3]], nodes[4], [(nodes[5], biasVolts[0]), (nodes[6], biasVolts[1])]);
    }

    /// <summary>The network: every edge gets <paramref name="element"/>(j); inputs held at 0 V until a sample is applied.</summary>
    public Network Wire(Topology topology, Func<int, IEdgeElement> element)
    {
        var held = new Dictionary<string, (NodeRole, double)>(StringComparer.OrdinalIgnoreCase) { [Ground] = (NodeRole.Ground, 0.0) };
        foreach (var input in Inputs) held[input] = (NodeRole.Input, 0.0);
        foreach (var (node, volts) in Biases) held[node] = (NodeRole.Bias, volts);
        var network = topology.ToNetwork(element, held);
        var outputs = new HashSet<string>(Outputs, StringComparer.OrdinalIgnoreCase);
        return network.WithNodes(network.Nodes.Select(n => outputs.Contains(n.Name) ? n with { Role = NodeRole.Output } : n).ToArray());
    }
}
