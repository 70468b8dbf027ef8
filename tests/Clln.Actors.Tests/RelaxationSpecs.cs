using Clln.Actors.Faults;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Actors.Tests;

/// <summary>The actors settle where Kirchhoff says, whatever the schedule and the links do.</summary>
public sealed class RelaxationSpecs : EngineSpec
{
    private const double Tolerance = 1e-6;

    public static TheoryData<string, Schedule> Networks()
    {
        var data = new TheoryData<string, Schedule>();
        foreach (var name in new[] { "4x4 periodic", "8x8 open", "random 30" })
            foreach (var schedule in Enum.GetValues<Schedule>())
                data.Add(name, schedule);
        return data;
    }

    internal static Network Named(string name) => name switch
    {
        "4x4 periodic" => TestNetworks.Lattice(4, 4, periodic: true, seed: 1),
        "8x8 open" => TestNetworks.Lattice(8, 8, periodic: false, seed: 2),
        _ => TestNetworks.Random(30, 60, seed: 3),
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task Settles_within_the_tolerance_of_the_reference_solver(string name, Schedule schedule)
    {
        var network = Named(name);
        var settled = await SolveAsync(network, new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance });
        AssertMatchesReference(network, settled.Free, Tolerance);
        AssertKirchhoff(network, settled.Free, Tolerance);
        Assert.True(settled.Stats.Certified);
        Assert.InRange(settled.Stats.ErrorBound, 0, Tolerance);
        Assert.True(settled.Stats.Messages > 0);
        // On clean links the send threshold is chosen so that the first silence is already certified.
        Assert.Equal(1, settled.Stats.Checks);
        // The phase waited for silence after its set-up, after each clocked colour step (one sweep has one to
        // as many as there are colours) and after its probe.
        if (schedule == Schedule.Async) Assert.Equal(2, settled.Stats.Barriers);
        else Assert.InRange(settled.Stats.Barriers - 2, settled.Stats.SweepsOrRounds, network.NodeCount * settled.Stats.SweepsOrRounds);
    }

    public static TheoryData<string, Schedule> Faults()
    {
        var data = new TheoryData<string, Schedule>();
        foreach (var fault in new[] { "fixed:1ms", "uniform:0-2ms", "exp:0.5ms", "reorder", "drop", "drop+reorder" })
            foreach (var schedule in Enum.GetValues<Schedule>())
                data.Add(fault, schedule);
        return data;
    }

    private static ActorEngineOptions WithFault(string fault, Schedule schedule) => fault switch
    {
        "reorder" => new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Reorder = true, Seed = 5 },
        "drop" => new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Drop = 0.1, Seed = 5 },
        "drop+reorder" => new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Drop = 0.1, Reorder = true, Seed = 6 },
        _ => new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Delay = DelaySpec.Parse(fault), Seed = 5 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Settles_within_the_tolerance_despite_delay_reordering_and_loss(string fault, Schedule schedule)
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 4);
        var options = WithFault(fault, schedule);
        var settled = await SolveAsync(network, options);
        AssertMatchesReference(network, settled.Free, Tolerance);
        AssertKirchhoff(network, settled.Free, Tolerance);
        Assert.True(settled.Stats.Certified);
        if (options.Drop > 0) Assert.True(settled.Stats.Dropped > 0, "the loss injector dropped nothing");
    }

    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task Settles_on_a_random_graph_losing_ten_percent_of_messages(Schedule schedule)
    {
        var network = TestNetworks.Random(30, 60, seed: 8);
        var settled = await SolveAsync(network, new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Drop = 0.1, Seed = 9 });
        AssertMatchesReference(network, settled.Free, Tolerance);
        Assert.True(settled.Stats.Dropped > 0);
    }

    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task With_noisy_measurements_the_reported_error_bound_still_holds(Schedule schedule)
    {
        var network = TestNetworks.Lattice(4, 4, periodic: true, seed: 10);
        var settled = await SolveAsync(network, new ActorEngineOptions { Schedule = schedule, Tolerance = Tolerance, Noise = 1e-3, Seed = 11 });
        var error = MaxDifference(ReferenceSolver.Solve(network).Voltages, settled.Free.Voltages);
        Assert.True(error <= settled.Stats.ErrorBound, $"error {error:G3} V exceeds the bound {settled.Stats.ErrorBound:G3} V");
        Assert.True(error > Tolerance, "noise of 1 mV left no trace: is it applied?");
        Assert.False(settled.Stats.Certified);
    }

    [Fact]
    public async Task Over_relaxation_in_the_clocked_schedule_takes_fewer_sweeps()
    {
        var network = TestNetworks.Lattice(8, 8, periodic: false, seed: 12);
        var plain = await SolveAsync(network, new ActorEngineOptions { Tolerance = Tolerance });
        var over = await SolveAsync(network, new ActorEngineOptions { Tolerance = Tolerance, Omega = 1.6 });
        AssertMatchesReference(network, over.Free, Tolerance);
        Assert.True(over.Stats.SweepsOrRounds < plain.Stats.SweepsOrRounds,
            $"omega 1.6 took {over.Stats.SweepsOrRounds} sweeps, omega 1 {plain.Stats.SweepsOrRounds}");
    }

    /// <summary>
    /// Kirchhoff's current law, checked directly: |net current into a free node| / (its total
    /// conductance) is at most twice the largest voltage error, so at most twice the tolerance.
    /// </summary>
    internal static void AssertKirchhoff(Network network, Equilibrium settled, double tolerance, double[]? held = null)
    {
        held ??= network.HeldVoltages();
        var net = settled.NetCurrentOut(network);
        for (var i = 0; i < network.NodeCount; i++)
        {
            if (!double.IsNaN(held[i])) continue;
            var conductance = network.IncidentEdges[i].Sum(j => network.Edges[j].Element.LinearConductance!.Value);
            Assert.True(Math.Abs(net[i]) / conductance <= 2 * tolerance,
                $"node '{network.Nodes[i].Name}': net current {net[i]:G3} A breaks Kirchhoff's law");
        }
        var power = settled.Currents.Select((current, j) =>
            current * (settled.Voltages[network.Edges[j].From] - settled.Voltages[network.Edges[j].To])).Sum();
        Assert.Equal(power, settled.Power, 12);
    }
}
