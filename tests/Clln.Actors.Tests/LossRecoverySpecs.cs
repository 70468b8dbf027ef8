using Clln.Actors.Faults;
using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Topologies;
using Clln.Core.Training;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// Lossy links repair their own losses (the link layer retransmits), so relaxation certifies on
/// badly conditioned networks at any loss rate people study, and what edges learn from is
/// certified too: an edge's view of a terminal no residual watches (a held one) is checked.
/// </summary>
public sealed class LossRecoverySpecs : EngineSpec
{
    private const double Tolerance = 1e-6;
    private static readonly double[] LossRates = [0.001, 0.01, 0.1, 0.3];

    /// <summary>Netlists of <paramref name="minNodes"/> to <paramref name="maxNodes"/> nodes, resistances over five decades, 1 to 5 sources.</summary>
    private static Gen<(Network Network, string Description)> Netlists(int minNodes, int maxNodes) =>
        Gen.Select(Gen.Int[minNodes, maxNodes], Gen.Double[0.3, 1.5], Gen.Int[1, 5], Gen.Int[0, 1_000_000])
            .Select((nodes, chords, sources, seed) =>
                (RandomNetlist.Generate(nodes, (int)(chords * nodes), decades: 5, sources, seed), $"{nodes} nodes, {sources} sources, seed {seed}"));

    private static readonly Gen<(Schedule Schedule, double Drop, double Omega, int Seed)> Links =
        Gen.Select(Gen.Bool, Gen.Int[0, LossRates.Length - 1], Gen.Int[0, 2], Gen.Int[1, 1000])
            .Select((clocked, loss, omega, seed) => clocked
                ? (Schedule.Clocked, LossRates[loss], new[] { 1.0, 1.3, 1.6 }[omega], seed) // over-relaxation is safe only when clocked
                : (Schedule.Async, LossRates[loss], 1.0, seed));

    [Fact]
    public async Task Every_generated_netlist_certifies_and_matches_the_reference_at_every_loss_rate()
    {
        // Free-running relaxation is Jacobi, which cannot over-relax: on generated netlists of 100 to
        // 200 nodes it may need over 100,000 sweeps (seed 248479: 196 nodes, one source, 74 s on two
        // busy cores; seed 426511: 99 nodes, over a minute); its netlists stop at 60 nodes, the
        // clocked schedule's at 150 (over-relaxed at most 1.6: 1.9 suits lattices, not every random
        // netlist; seed 319553, 152 nodes at 1.9, ran past a minute). A clocked netlist needs as many
        // sweeps over lossy links as over clean ones, and some need hundreds of thousands (seed
        // 635953: 117 nodes at 1.6, 502,769 sweeps, 134 s on two quiet cores), so the clocked cases
        // are netlists a central sweep settles in at most MaxClockedSweeps: the cost of the others
        // is a benchmark's matter, not a fault's.
        var cases = Links.SelectMany(links => Netlists(10, links.Schedule == Schedule.Async ? 60 : 150)
            .Where(net => links.Schedule == Schedule.Async || CentralSweeps.Count(net.Network, links.Omega, Tolerance, MaxClockedSweeps) <= MaxClockedSweeps)
            .Select(net => (net, links)));
        await cases.SampleAsync(async t =>
        {
            var (net, links) = t;
            var options = new ActorEngineOptions { Schedule = links.Schedule, Drop = links.Drop, Omega = links.Omega, Seed = links.Seed, Tolerance = Tolerance };
            await AssertCertifiedAndExact(net.Network, options, net.Description);
        }, iter: 10, threads: 1);
    }

    [Fact]
    public async Task Every_generated_netlist_certifies_with_delay_reordering_and_loss()
    {
        var relaxedUnderDelay = 0;
        await Gen.Select(Netlists(10, 40), Links).SampleAsync(async (net, links) =>
        {
            var options = new ActorEngineOptions
            {
                Schedule = links.Schedule, Drop = links.Drop, Omega = links.Omega, Seed = links.Seed, Tolerance = Tolerance,
                Delay = DelaySpec.Parse("uniform:0-50us"), Reorder = true,
            };
            // Under delay every clocked step waits for the delay line (about a millisecond on two busy
            // cores), so a netlist that needs tens of thousands of steps on clean links takes minutes
            // here (seed 261322, 27 nodes, clocked with 30 % loss, ran past 150 s): such a one is a
            // benchmark's matter, and the clean-link property above settles it. The free-running
            // schedule has no steps to wait for. Measured on clean links first.
            var clean = await SolveAsync(net.Network, options with { Delay = null, Reorder = false, Drop = 0 }, TimeSpan.FromSeconds(60));
            if (links.Schedule == Schedule.Clocked && clean.Stats.Barriers > MaxStepsUnderDelay) return;
            await AssertCertifiedAndExact(net.Network, options, net.Description);
            Interlocked.Increment(ref relaxedUnderDelay);
        }, iter: 6, threads: 1);
        Assert.True(relaxedUnderDelay >= 3, $"only {relaxedUnderDelay} of 6 generated netlists were relaxed under delay: the property tests too little");
    }

    /// <summary>
    /// Central over-relaxed sweeps beyond which a generated netlist is not relaxed clocked in a unit
    /// test. The engine, sweeping by colours to a certificate, takes up to about four times as many
    /// (seed 981264: 128 nodes at 1.6, 21,067 central, 85,322 clocked, 50 s on two quiet cores).
    /// </summary>
    private const int MaxClockedSweeps = 5_000;

    /// <summary>Clocked steps (barriers) on clean links beyond which a netlist is not relaxed again under delay in a unit test.</summary>
    private const int MaxStepsUnderDelay = 20_000;

    private async Task AssertCertifiedAndExact(Network network, ActorEngineOptions options, string description)
    {
        // These netlists are ill-conditioned on purpose (conductances over five decades): some need
        // tens of thousands of sweeps, minutes on two busy cores. The spec is about what they settle
        // at, so it waits longer than the engine specs' minute.
        var settled = await SolveAsync(network, options, TimeSpan.FromSeconds(150));
        var what = $"{description}, {options.Schedule}, omega {options.Omega}, drop {options.Drop}";
        Assert.True(settled.Stats.Certified, $"{what}: not certified");
        Assert.True(settled.Stats.ViewError <= Tolerance, $"{what}: an edge's view is {settled.Stats.ViewError:G3} V off");
        var error = MaxDifference(ReferenceSolver.Solve(network).Voltages, settled.Free.Voltages);
        Assert.True(error <= Tolerance, $"{what}: largest voltage error {error:G3} V");
        if (settled.Stats.Messages > 10 / options.Drop) Assert.True(settled.Stats.Dropped > 0, $"{what}: the loss injector dropped nothing");
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public async Task In_the_clocked_schedule_loss_and_delay_change_nothing_but_the_cost(double drop)
    {
        // A retransmitted message lands before the step's barrier, as it would have without the loss.
        var network = RandomNetlist.Generate(40, 40, decades: 5, sources: 3, seed: 3);
        var clean = await SolveAsync(network, new ActorEngineOptions { Seed = 4 });
        var lossy = await SolveAsync(network, new ActorEngineOptions { Seed = 4, Drop = drop, Delay = DelaySpec.Parse("exp:20us") });
        Assert.Equal(clean.Free.Voltages, lossy.Free.Voltages); // bit for bit
        Assert.Equal(clean.Stats.Messages, lossy.Stats.Messages);
        Assert.Equal(1, lossy.Stats.Checks); // no refresh: every loss was repaired on its own link
        // Lost transmissions: about drop / (1 - drop) per message delivered.
        var expected = drop / (1 - drop) * clean.Stats.Messages;
        Assert.InRange(lossy.Stats.Dropped, 0.9 * expected, 1.1 * expected);
    }

    /// <summary>
    /// An edge between two held nodes: no node answers to it and no residual shows what it
    /// believes. At a loss rate of 0.98 its link layer gives up on some message (after 100
    /// transmissions); the view check must catch the stale view and refresh it before the edge
    /// learns, so every update equals the rule applied to the exact drops.
    /// </summary>
    [Fact]
    public async Task An_edge_between_held_nodes_learns_from_certified_views_even_when_its_news_is_lost_for_good()
    {
        var network = new NetworkBuilder()
            .AddNode("in").AddNode("gnd").AddNode("mid").Hold("in", 1.0).Hold("gnd", 0.0, NodeRole.Ground)
            .AddEdge("held", "in", "gnd", new Resistor(0.5)).AddEdge("e1", "in", "mid", new Resistor(0.2)).AddEdge("e2", "mid", "gnd", new Resistor(0.7))
            .Build();
        var rule = new ContinuousRule(Alpha: 0.05, Eta: 1, MinConductance: 1e-3, MaxConductance: 10);
        var options = new ActorEngineOptions { Drop = 0.98, Seed = 2, Tolerance = 1e-9 };
        await using var engine = ActorEngine.Start(network, options, Sys, new Wiring.LearningSetup(rule, UpdateClock.Global));
        var elements = network.Edges.Select(e => e.Element).ToArray();
        var repaired = 0;
        for (var step = 0; step < 12; step++)
        {
            // Both twins hold the input, at voltages that differ between them and from step to step.
            var v = 0.2 + 0.07 * step;
            double[] free = [v, 0.0, double.NaN], clamped = [v + 0.1, 0.0, double.NaN];
            var settled = await engine.RelaxAsync(new PhaseSpec(free, clamped));
            Assert.True(settled.Stats.Certified && settled.Stats.ViewError <= options.Tolerance, $"step {step}: views off by {settled.Stats.ViewError:G3} V");
            if (settled.Stats.Checks > 1) repaired++;
            var learned = await engine.LearnAsync(step);
            var current = network.WithElements(elements);
            var exactFree = ReferenceSolver.Solve(current, free).Voltages;
            var exactClamped = ReferenceSolver.Solve(current, clamped).Voltages;
            for (var j = 0; j < elements.Length; j++)
            {
                var (a, b) = (network.Edges[j].From, network.Edges[j].To);
                elements[j] = rule.Update(elements[j], exactFree[a] - exactFree[b], exactClamped[a] - exactClamped[b]);
                var (actual, expected) = (learned[j].LinearConductance!.Value, elements[j].LinearConductance!.Value);
                Assert.True(Math.Abs(actual - expected) <= 1e-7 * expected, $"step {step}, edge {j}: learned {actual}, exact rule {expected}");
            }
        }
        Assert.True(repaired > 0, "no message was lost for good: the test no longer exercises the view check");
    }

    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task A_tolerance_finer_than_double_precision_stops_and_says_why(Schedule schedule)
    {
        var network = RandomNetlist.Generate(20, 20, decades: 5, sources: 3, seed: 3);
        var failure = await Assert.ThrowsAsync<RelaxationException>(() => SolveAsync(network, new ActorEngineOptions { Schedule = schedule, Tolerance = 1e-17 }));
        Assert.Contains("stopped falling", failure.Message);
        Assert.DoesNotContain("\n", failure.Message);
    }
}
