using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>The settled state of a network: a voltage per node, a current per edge, the power dissipated.</summary>
/// <param name="Voltages">Volts, indexed like the network's nodes.</param>
/// <param name="Currents">Amps from each edge's From node to its To node, indexed like the edges.</param>
/// <param name="Power">Watts dissipated in all edges: the sum of I dV.</param>
public sealed record Equilibrium(double[] Voltages, double[] Currents, double Power)
{
    /// <summary>Currents and power that follow from node voltages through each edge's element.</summary>
    public static Equilibrium FromVoltages(Network network, double[] voltages)
    {
        var currents = new double[network.EdgeCount];
        var power = 0.0;
        for (var j = 0; j < currents.Length; j++)
        {
            var edge = network.Edges[j];
            var va = voltages[edge.From];
            var vb = voltages[edge.To];
            currents[j] = edge.Element.Respond(va, vb).Current;
            power += currents[j] * (va - vb);
        }
        return new Equilibrium(voltages, currents, power);
    }

    /// <summary>Net current leaving each node through its edges (zero at free nodes at equilibrium, Kirchhoff).</summary>
    public double[] NetCurrentOut(Network network)
    {
        var net = new double[network.NodeCount];
        for (var j = 0; j < Currents.Length; j++)
        {
            net[network.Edges[j].From] += Currents[j];
            net[network.Edges[j].To] -= Currents[j];
        }
        return net;
    }
}
