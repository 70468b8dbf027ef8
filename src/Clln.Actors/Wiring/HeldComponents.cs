using Clln.Core.Model;

namespace Clln.Actors.Wiring;

/// <summary>
/// The check that a phase's held nodes pin every connected component: a component with no held
/// node floats (its voltages are undefined), and relaxing it would wander forever. Core checks
/// this for the network's own held nodes; a phase may free some of them, so it is checked again.
/// </summary>
internal static class HeldComponents
{
    public static void EnsureNoneFloats(Network network, double[] hold, string twin)
    {
        var parent = Enumerable.Range(0, network.NodeCount).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var e in network.Edges) parent[Find(e.From)] = Find(e.To);
        var held = new bool[network.NodeCount];
        for (var i = 0; i < hold.Length; i++)
        {
            if (double.IsNaN(hold[i])) continue;
            if (!double.IsFinite(hold[i]))
                throw new InvalidNetworkException($"{twin} twin: node '{network.Nodes[i].Name}' is held at {hold[i]} V: a held voltage must be a finite number");
            held[Find(i)] = true;
        }
        for (var i = 0; i < network.NodeCount; i++)
            if (!held[Find(i)])
                throw new InvalidNetworkException($"{twin} twin: node '{network.Nodes[i].Name}' is floating: its connected component has no held node, so its voltages are undefined");
    }
}
