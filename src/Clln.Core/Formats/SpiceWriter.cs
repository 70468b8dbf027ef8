using System.Globalization;
using System.Text;
using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>Writes a network as a netlist of the SPICE subset that ngspice runs unchanged.</summary>
internal static class SpiceWriter
{
    public static string Write(Network network, string? title)
    {
        title ??= $"clln network: {network.NodeCount} nodes, {network.EdgeCount} edges";
        if (title.Contains('\n') || title.Contains('\r'))
            throw new ArgumentException("a netlist title is one line", nameof(title));
        CheckNodes(network);
        var elementNames = ElementNames(network);
        var gates = GateNodes(network);
        var models = Models(network);

        var text = new StringBuilder();
        // The title is a comment too, so that the file can also be .include'd, where line 1 is no title.
        Line(text, $"* {title}");
        Line(text, "* The '*clln node' comments keep each node's role and order for clln; SPICE ignores them.");
        foreach (var node in network.Nodes) Line(text, $"{SpiceCards.CllnPrefix} node {node.Name} {node.Role.Word()}");
        foreach (var (key, name) in models)
            Line(text, $".model {name} NMOS (LEVEL=1 VTO={Number(key.Threshold)} KP={Number(key.K)} LAMBDA=0 GAMMA=0 IS=0)");
        for (var j = 0; j < network.EdgeCount; j++)
        {
            var edge = network.Edges[j];
            var (from, to) = (network.Nodes[edge.From].Name, network.Nodes[edge.To].Name);
            if (edge.Element is Transistor t)
            {
                // W = L: KP W/L is K exactly. The bulk is the source terminal and IS=0, so the
                // junctions carry only ngspice's gmin, across the channel rather than to ground.
                Line(text, $"{elementNames[j]} {from} {gates[j]} {to} {to} {models[(t.Threshold, t.K)]} W=1u L=1u");
                continue;
            }
            var ohms = EngineeringNumber.ShortestReciprocal(edge.Element.LinearConductance!.Value);
            Line(text, $"{elementNames[j]} {from} {to} {ohms}");
        }
        foreach (var node in network.Nodes.Where(n => n.IsHeld && !SpiceNames.IsGround(n.Name)))
        {
            // A ground node not named 0 or gnd is tied to node 0 by a 0 V source; the reader reads
            // a node held at 0 V as ground again, and leaves node 0 out as it touches no resistor.
            var volts = node.Voltage == 0.0 ? "0" : node.Voltage.ToString("R", CultureInfo.InvariantCulture);
            Line(text, $"V{node.Name} {node.Name} 0 DC {volts}");
        }
        for (var j = 0; j < network.EdgeCount; j++)
            if (network.Edges[j].Element is Transistor t)
                Line(text, $"V{gates[j]} {gates[j]} 0 DC {Number(t.GateVoltage)}");
        Line(text, ".op");
        Line(text, ".end");
        return text.ToString();
    }

    private static void CheckNodes(Network network)
    {
        string? ground = null;
        foreach (var node in network.Nodes)
        {
            if (SpiceNames.Problem(node.Name) is { } problem)
                throw Error($"node name '{node.Name}' {problem}");
            if (!SpiceNames.IsGround(node.Name)) continue;
            if (node.Role != NodeRole.Ground)
                throw Error($"node '{node.Name}' is {node.Role.Word()}, but SPICE reads that name as ground");
            if (ground is not null)
                throw Error($"nodes '{ground}' and '{node.Name}' are both SPICE's ground node 0");
            ground = node.Name;
        }
    }

    private static string Number(double value) => value == 0.0 ? "0" : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One model per distinct (threshold, K), named NMOS1, NMOS2, ... in order of first use.</summary>
    private static Dictionary<(double Threshold, double K), string> Models(Network network)
    {
        var models = new Dictionary<(double, double), string>();
        foreach (var edge in network.Edges)
            if (edge.Element is Transistor t && !models.ContainsKey((t.Threshold, t.K)))
                models[(t.Threshold, t.K)] = $"NMOS{models.Count + 1}";
        return models;
    }

    /// <summary>
    /// Each transistor's gate node, "g_" and its edge's name, made unique against the network's
    /// nodes (ignoring case) by a numeric suffix; its source is V and the gate node's name.
    /// </summary>
    private static Dictionary<int, string> GateNodes(Network network)
    {
        var taken = new HashSet<string>(network.Nodes.Select(n => n.Name), StringComparer.OrdinalIgnoreCase);
        var gates = new Dictionary<int, string>();
        for (var j = 0; j < network.EdgeCount; j++)
        {
            if (network.Edges[j].Element is not Transistor) continue;
            var name = "g_" + network.Edges[j].Name;
            for (var suffix = 2; taken.Contains(name); suffix++) name = $"g_{network.Edges[j].Name}_{suffix}";
            taken.Add(name);
            gates[j] = name;
        }
        return gates;
    }

    /// <summary>Each edge's SPICE name: its own name if it starts with the element's letter (R, or M for a transistor), else the letter and its name.</summary>
    private static string[] ElementNames(Network network)
    {
        var names = new string[network.EdgeCount];
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < names.Length; j++)
        {
            var edge = network.Edges[j];
            var letter = 'R';
            if (edge.Element is Transistor transistor)
            {
                if (transistor.SubthresholdSwing is not null)
                    throw Error($"edge '{edge.Name}' is a transistor with a subthreshold leak, which the level-1 NMOS model has no parameter for");
                letter = 'M';
            }
            else if (edge.Element.LinearConductance is not { } conductance)
                throw Error($"edge '{edge.Name}' is a {edge.Element.Kind}: only linear elements become SPICE resistors");
            else if (!double.IsNormal(conductance))
                throw Error($"edge '{edge.Name}' has conductance {conductance.ToString("R", CultureInfo.InvariantCulture)} S, whose resistance is beyond the range of numbers");
            var name = char.ToUpperInvariant(edge.Name[0]) == letter ? edge.Name : letter + edge.Name;
            if (SpiceNames.Problem(name) is { } problem)
                throw Error($"edge name '{edge.Name}' {problem}");
            if (seen.TryGetValue(name, out var other))
                throw Error($"edges '{other}' and '{edge.Name}' would both be SPICE element '{name}'");
            seen[name] = edge.Name;
            names[j] = name;
        }
        return names;
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static InvalidNetworkException Error(string message) => new($"cannot write SPICE: {message}");
}
