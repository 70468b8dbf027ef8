using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Topologies;

/// <summary>
/// Resistor netlists as people meet them, for testing and benchmarking relaxation where it is
/// hard: a random spanning tree plus chords, resistances spread log-uniformly over several
/// decades (the condition number grows with the spread), a ground and a few voltage sources.
/// </summary>
public static class RandomNetlist
{
    /// <summary>
    /// <paramref name="nodes"/> nodes joined by a random spanning tree and <paramref name="chords"/>
    /// more edges; resistances log-uniform from <paramref name="minOhms"/> over
    /// <paramref name="decades"/> decades; node 0 grounded and <paramref name="sources"/> other
    /// nodes held at voltages of either sign up to 2 V. Everything from <paramref name="seed"/>.
    /// </summary>
    public static Network Generate(int nodes, int chords, double decades, int sources, int seed, double minOhms = 1.0)
    {
        var topology = Topology.RandomConnected(nodes, Math.Min(nodes - 1 + chords, nodes * (nodes - 1) / 2), seed);
        var random = new Random(seed + 1);
        var ohms = Enumerable.Range(0, topology.EdgeCount).Select(_ => minOhms * Math.Pow(10, decades * random.NextDouble())).ToArray();
        var held = new Dictionary<string, (NodeRole, double)> { [topology.NodeNames[0]] = (NodeRole.Ground, 0.0) };
        foreach (var i in Enumerable.Range(1, nodes - 1).OrderBy(_ => random.Next()).Take(Math.Min(sources, nodes - 1)))
            held[topology.NodeNames[i]] = (NodeRole.Input, Math.Round(-2 + 4 * random.NextDouble(), 3));
        return topology.ToNetwork(j => new Resistor(1 / ohms[j]), held);
    }
}
