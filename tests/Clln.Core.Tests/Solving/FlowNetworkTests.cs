using Clln.Core.Formats;
using Clln.Core.Solving;

namespace Clln.Core.Tests.Solving;

/// <summary>
/// A flow network is a resistor network under other names (pressure for voltage, Poiseuille's
/// hydraulic conductance pi r^4 / (8 mu L) for conductance, volume flow for current): the shipped
/// example's flows against the hand calculation.
/// </summary>
public sealed class FlowNetworkTests
{
    [Fact]
    public void The_shipped_pipe_network_carries_the_flows_poiseuille_and_conservation_give()
    {
        var network = NetworkJson.ReadFile(Path.Combine(AppContext.BaseDirectory, "data", "flow-network.json"));
        var flow = ReferenceSolver.Solve(network);
        var k = Math.PI * Math.Pow(1e-3, 4) / (8 * 1e-3 * 0.1); // a 1 mm pipe of water, 10 cm long

        // The junction divides 1000 Pa between the feed (K) and the two outlets in parallel (K + K/16).
        Assert.Equal(1000.0 * 16 / 33, flow.Voltages[network.IndexOf("junction")], 9);
        double Q(string pipe) => flow.Currents[network.Edges.Select((e, j) => (e.Name, j)).Single(p => p.Name == pipe).j];
        Assert.Equal(k * (1000 - 1000.0 * 16 / 33), Q("feed"), 15);
        Assert.Equal(Q("feed"), Q("wide") + Q("narrow"), 15);          // what flows in flows out
        Assert.Equal(1.0 / 16, Q("narrow") / Q("wide"), 12);            // half the radius, a sixteenth of the flow
        Assert.Equal(1000 * Q("feed"), flow.Power, 12);                  // hydraulic power: pressure times flow
    }
}
