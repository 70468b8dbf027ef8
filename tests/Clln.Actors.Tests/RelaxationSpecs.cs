using Clln.Actors.Faults;

namespace Clln.Actors.Tests;

/// <summary>The actors settle where Kirchhoff says, whatever the schedule and the links do.</summary>
public sealed class RelaxationSpecs : EngineSpec
{
    private const double Tolerance = 1e-6;

    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task Lattice_4x4_periodic_settles_at_the_reference_equilibrium(Schedule schedule)
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 1);
        var settled = await SolveAsync(network, new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance });
        AssertMatchesReference(network, settled.Free, Tolerance);
        Assert.True(settled.Stats.Certified);
        Assert.True(settled.Stats.ErrorBound <= Tolerance);
    }
}
