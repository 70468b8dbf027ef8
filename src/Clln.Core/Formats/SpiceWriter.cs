using System.Globalization;
using System.Text;
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

        var text = new StringBuilder();
        // The title is a comment too, so that the file can also be .include'd, where line 1 is no title.
        Line(text, $"* {title}");
        Line(text, "* The '*clln node' comments keep each node's role and order for clln; SPICE ignores them.");
        foreach (var node in network.Nodes) Line(text, $"{SpiceCards.CllnPrefix} node {node.Name} {node.Role.Word()}");
        for (var j = 0; j < network.EdgeCount; j++)
        {
            var edge = network.Edges[j];
            var ohms = EngineeringNumber.ShortestReciprocal(edge.Element.LinearConductance!.Value);
            Line(text, $"{elementNames[j]} {network.Nodes[edge.From].Name} {network.Nodes[edge.To].Name} {ohms}");
        }
        foreach (var node in network.Nodes.Where(n => n.IsHeld && !SpiceNames.IsGround(n.Name)))
        {
            // A ground node not named 0 or gnd is tied to node 0 by a 0 V source; the reader reads
            // a node held at 0 V as ground again, and leaves node 0 out as it touches no resistor.
            var volts = node.Voltage == 0.0 ? "0" : node.Voltage.ToString("R", CultureInfo.InvariantCulture);
            Line(text, $"V{node.Name} {node.Name} 0 DC {volts}");
        }
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

    /// <summary>Each edge's SPICE name: its own name if it starts with R, else R and its name.</summary>
    private static string[] ElementNames(Network network)
    {
        var names = new string[network.EdgeCount];
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < names.Length; j++)
        {
            var edge = network.Edges[j];
            if (edge.Element.LinearConductance is not { } conductance)
                throw Error($"edge '{edge.Name}' is a {edge.Element.Kind}: only linear elements become SPICE resistors");
            if (!double.IsNormal(conductance))
                throw Error($"edge '{edge.Name}' has conductance {conductance.ToString("R", CultureInfo.InvariantCulture)} S, whose resistance is beyond the range of numbers");
            var name = edge.Name.StartsWith('R') || edge.Name.StartsWith('r') ? edge.Name : "R" + edge.Name;
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
