using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Topologies;

namespace Clln.Core.Tests;

/// <summary>Small circuits with known answers, and random ones for properties.</summary>
internal static class Circuits
{
    /// <summary>A network from node specs ("name" free, "name=1.5" input held at 1.5 V, "gnd" ground) and edges "name a b ohms".</summary>
    public static Network Build(string[] nodes, params string[] edges)
    {
        var builder = new NetworkBuilder();
        foreach (var spec in nodes)
        {
            var parts = spec.Split('=');
            if (parts[0] == "gnd") builder.AddNode("gnd", NodeRole.Ground);
            else if (parts.Length == 2) builder.AddNode(parts[0], NodeRole.Input, double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            else builder.AddNode(parts[0]);
        }
        foreach (var spec in edges)
        {
            var p = spec.Split(' ');
            builder.AddEdge(p[0], p[1], p[2], Resistor.FromResistance(double.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return builder.Build("test circuit");
    }

    /// <summary>
    /// A connected random network with conductances over three decades, a ground and held inputs of
    /// 0.1 V to 2 V in size (so every network has something to carry).
    /// </summary>
    public static Network Random(int nodes, int extraEdges, int seed, int held = 3)
    {
        var topology = Topology.RandomConnected(nodes, Math.Min(nodes - 1 + extraEdges, nodes * (nodes - 1) / 2), seed);
        var random = new Random(seed + 1);
        var conductances = Enumerable.Range(0, topology.EdgeCount).Select(_ => Math.Pow(10, -1 - 3 * random.NextDouble())).ToArray();
        var holds = new Dictionary<string, (NodeRole, double)> { [topology.NodeNames[0]] = (NodeRole.Ground, 0.0) };
        for (var h = 1; h < Math.Min(held, nodes); h++)
            holds[topology.NodeNames[h * nodes / held]] = (NodeRole.Input, Math.Round((random.Next(2) == 0 ? -1 : 1) * (0.1 + 1.9 * random.NextDouble()), 3));
        return topology.ToNetwork(j => new Resistor(conductances[j]), holds);
    }
}
