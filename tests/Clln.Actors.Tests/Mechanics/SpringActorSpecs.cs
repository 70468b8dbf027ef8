using Clln.Actors.Faults;
using Clln.Actors.Mechanics;
using Clln.Core.Mechanics;
using Clln.Core.Model;
using CsCheck;

namespace Clln.Actors.Tests.Mechanics;

/// <summary>
/// Elastic networks on the actors: every node balances the forces its springs report, and the
/// positions they settle at are the reference engine's equilibrium within the tolerance, on an
/// analytic case and on generated, badly conditioned networks, over clean and faulty links.
/// </summary>
public sealed class SpringActorSpecs : EngineSpec
{
    /// <summary>
    /// A node joined to four held neighbours at unit distance (stiffness 2 N/m across, 1 N/m up and
    /// down); the right one moved 0.2 m further right. By symmetry the node moves along x only, to
    /// where the horizontal springs' pulls, 2 (0.2 - x) - 2 x, balance the two vertical springs'
    /// x-components, 2 (sqrt(1 + x^2) - 1) x / sqrt(1 + x^2): a root found by bisection.
    /// </summary>
    [Theory]
    [InlineData(Schedule.Clocked, 1.0)]
    [InlineData(Schedule.Clocked, 1.5)]
    [InlineData(Schedule.Async, 1.0)]
    public async Task A_node_between_four_springs_settles_where_their_pulls_balance(Schedule schedule, double omega)
    {
        var network = new SpringNetwork(
            [new("c", 0, 0), new("r", 1, 0, Held: true), new("l", -1, 0, Held: true), new("t", 0, 1, Held: true), new("b", 0, -1, Held: true)],
            [new("cr", 0, 1, 2, 1), new("cl", 0, 2, 2, 1), new("ct", 0, 3, 1, 1), new("cb", 0, 4, 1, 1)]);
        static double Net(double x) => 2 * (0.2 - x) - 2 * x - 2 * (Math.Sqrt(1 + x * x) - 1) * x / Math.Sqrt(1 + x * x);
        double lo = 0, hi = 0.2;
        for (var i = 0; i < 200; i++) (lo, hi) = Net(0.5 * (lo + hi)) > 0 ? (0.5 * (lo + hi), hi) : (lo, 0.5 * (lo + hi));
        var held = network.RestPositions();
        held[2] = 1.2;
        const double tolerance = 1e-10;
        await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions { Schedule = schedule, Omega = omega, Tolerance = tolerance }, Sys);
        var settled = await engine.RelaxAsync(new SpringPhase(held));
        Assert.InRange(settled.Free[0], lo - tolerance, hi + tolerance);
        Assert.InRange(settled.Free[1], -tolerance, tolerance);
        Assert.Equal(settled.Free, settled.Clamped); // the twins hold the same nodes
        Assert.True(settled.Stats.Distance <= tolerance);
        Assert.True(Math.Abs(Net(settled.Free[0])) < 1e-8, $"net force {Net(settled.Free[0]):G3} N at x = {settled.Free[0]}");
    }

    /// <summary>
    /// Disordered lattices of 9 to <paramref name="largest"/> nodes (at most 6 rows and columns),
    /// stiffness over five decades, the held row displaced by up to 15 % of the spacing: the cases
    /// that a central relaxation (<see cref="CentralSpringSweeps"/>) settles within <paramref name="sweeps"/> sweeps.
    /// </summary>
    /// <remarks>
    /// Relaxation on them is Gauss-Seidel (clocked) or chaotic Jacobi (free-running) on a stiffness
    /// matrix of condition number up to 10^6 and more. Over 30 seeds a central over-relaxed sweep
    /// (omega 1.8) needs a median of 2,500 sweeps on a 3x3 lattice and 23,000 on a 5x4 one, Jacobi
    /// 48,000 on 3x3 and over 100,000 on most 4x4 ones, and the actors take about as many (clocked,
    /// up to twice as many). What such a network costs is a benchmark's matter, not a fault's.
    /// </remarks>
    private static Gen<(SpringNetwork Network, double[] Held, string Description)> Networks(int largest, bool clocked, double omega, int sweeps) =>
        Gen.Select(Gen.Int[3, 6], Gen.Int[3, 6], Gen.Int[0, 1_000_000])
            .Select((rows, columns, seed) => FirstWithin(rows, columns, seed, largest, clocked, omega, sweeps));

    /// <summary>
    /// The first lattice, from the drawn one on, within the budget: the next seeds, and every 50
    /// seeds one row or column fewer (a filter on random draws would reject most free-running
    /// cases, and a generator that gives up fails the test for nothing). Deterministic in the draw.
    /// </summary>
    private static (SpringNetwork Network, double[] Held, string Description) FirstWithin(int rows, int columns, int seed, int largest, bool clocked, double omega, int sweeps)
    {
        for (var attempt = 0; ; attempt++, seed++)
        {
            if (attempt > 0 && attempt % 50 == 0 || rows * columns > largest)
                (rows, columns) = rows >= columns ? (Math.Max(3, rows - 1), columns) : (rows, Math.Max(3, columns - 1));
            var network = SpringLattice.Disordered(rows, columns, decades: 5, jitter: 0.25, seed);
            var random = new Random(seed);
            var held = network.RestPositions();
            for (var i = 0; i < network.Nodes.Count; i++)
                if (network.Nodes[i].Held)
                {
                    held[2 * i] += 0.15 * (2 * random.NextDouble() - 1);
                    held[2 * i + 1] += 0.15 * (2 * random.NextDouble() - 1);
                }
            if (rows * columns <= largest && CentralSpringSweeps.Count(network, held, clocked, omega, 1e-9 * network.Size, sweeps) <= sweeps)
                return (network, held, $"{rows}x{columns} disordered lattice, seed {seed}");
        }
    }

    /// <summary>The link faults, and whether they delay messages (then every clocked step waits for the slowest).</summary>
    private static readonly (string Name, bool Delays, Func<ActorEngineOptions, ActorEngineOptions> Apply)[] Faults =
    [
        ("clean links", false, o => o),
        ("1 % loss", false, o => o with { Drop = 0.01 }),
        ("30 % loss", false, o => o with { Drop = 0.3 }),
        ("delay 0-0.2 ms, reordering, 10 % loss", true, o => o with { Delay = DelaySpec.Uniform(0, 0.2), Reorder = true, Drop = 0.1 }),
        ("a straggler 5x slower", true, o => o with { Stragglers = [4], StragglerFactor = 5 }),
    ];

    [Fact]
    public async Task Generated_networks_settle_at_the_reference_equilibrium_on_both_schedules_over_faulty_links()
    {
        // Sweep budgets that keep a case to a few seconds: a delaying link costs every clocked step
        // its slowest message, and free-running relaxation about 0.1 ms a round.
        var cases = Gen.Select(Gen.Bool, Gen.Int[0, Faults.Length - 1]).SelectMany((clocked, fault) =>
            Gen.Select(Networks(clocked ? 25 : 16, clocked, clocked ? 1.8 : 1.0, (clocked, Faults[fault].Delays) switch
            {
                (true, false) => 5_000,
                (true, true) => 2_500,
                (false, false) => 20_000,
                (false, true) => 10_000,
            }), Gen.Int[1, 1000]).Select((net, seed) => (net, clocked, fault, seed)));
        await cases.SampleAsync(async t =>
        {
            var ((network, held, description), clocked, fault, seed) = t;
            var size = network.Size;
            var options = Faults[fault].Apply(new ActorEngineOptions
            {
                Schedule = clocked ? Schedule.Clocked : Schedule.Async,
                Omega = clocked ? 1.8 : 1.0, // over-relaxation is safe only when clocked
                Tolerance = 1e-9 * size,
                Seed = seed,
            });
            var reference = SpringSolver.Solve(network, held);
            await using var engine = SpringActorEngine.Start(network, options, Sys);
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var settled = await engine.RelaxAsync(new SpringPhase(held), guard.Token);
            var what = $"{description}, {options.Schedule}, {Faults[fault].Name}";
            // The reference engine, started where the actors settled, finds the equilibrium there: the
            // actors' answer is within the tolerance of it.
            var there = SpringSolver.Solve(network, held, start: settled.Free).Positions;
            var error = LargestNodeDistance(settled.Free, there);
            Assert.True(error <= 1e-9 * size, $"{what}: {error:G3} m from the equilibrium the reference finds there (network size {size:G3} m)");
            // And it is the reference's equilibrium from rest, unless the network has another stable
            // one there: five decades of stiffness make near-mechanisms that can settle either way
            // (seed 970372, 5x5: the top-right corner 0.5 m apart, its energy 4 % higher).
            var apart = LargestNodeDistance(there, reference.Positions);
            Assert.True(apart <= 1e-9 * size || apart > 1e-3 * size, $"{what}: {apart:G3} m from the reference's equilibrium from rest, neither the same nor another one");
        }, iter: 10, threads: 1);
    }

    [Fact]
    public async Task The_clocked_schedule_gives_the_same_positions_bit_for_bit_whatever_the_links_do()
    {
        var network = SpringLattice.Disordered(4, 4, decades: 3, jitter: 0.25, seed: 11);
        var held = network.RestPositions();
        held[0] += 0.1;
        async Task<SpringTwinEquilibrium> Relax(ActorEngineOptions options)
        {
            await using var engine = SpringActorEngine.Start(network, options with { Omega = 1.6, Tolerance = 1e-9 }, Sys);
            return await engine.RelaxAsync(new SpringPhase(held));
        }
        var clean = await Relax(new ActorEngineOptions());
        var faulty = await Relax(new ActorEngineOptions { Delay = DelaySpec.Uniform(0, 0.3), Reorder = true, Drop = 0.2, Seed = 5 });
        Assert.Equal(clean.Free, faulty.Free);
        Assert.Equal(clean.Stats.SweepsOrRounds, faulty.Stats.SweepsOrRounds);
        Assert.True(faulty.Stats.Dropped > 0, "no transmission was lost: the test would not see loss");
    }

    /// <summary>
    /// A second phase starts where the first settled and may clamp an output in one twin: the
    /// free twin is the reference equilibrium of the new displacement, the clamped twin that
    /// with the output held too.
    /// </summary>
    [Fact]
    public async Task A_phase_clamps_an_output_in_one_twin_and_starts_where_the_last_one_settled()
    {
        var network = SpringLattice.Triangulated(4, 4, seed: 3);
        var size = network.Size;
        var options = new ActorEngineOptions { Omega = 1.3, Tolerance = 1e-9 * size };
        await using var engine = SpringActorEngine.Start(network, options, Sys);
        var first = network.RestPositions();
        first[0] -= 0.1;
        var cold = await engine.RelaxAsync(new SpringPhase(first));
        var output = network.Nodes.Count - 1;
        var second = first.ToArray();
        second[0] = 0.15;
        var clamped = second.ToArray();
        clamped[2 * output] = cold.Free[2 * output] + 0.05;
        clamped[2 * output + 1] = cold.Free[2 * output + 1];
        var warm = await engine.RelaxAsync(new SpringPhase(second, clamped, [output]));
        Assert.True(LargestNodeDistance(warm.Free, SpringSolver.Solve(network, second).Positions) <= options.Tolerance);
        Assert.True(LargestNodeDistance(warm.Clamped, SpringSolver.Solve(network, clamped, alsoHeld: [output]).Positions) <= options.Tolerance);
        Assert.Equal(clamped[2 * output], warm.Clamped[2 * output]);
    }

    /// <summary>
    /// Springs that learn on the actors, each from its own two lengths, learn what the central
    /// trainer's springs learn from the reference engine's equilibria, step by step, and the
    /// displacement task's cost falls by the same decades.
    /// </summary>
    [Theory]
    [InlineData(SpringParameter.Stiffness, 300, 0.01, 100)]
    [InlineData(SpringParameter.RestLength, 0.05, 0.2, 3)]
    public async Task Springs_learning_on_the_actors_follow_the_central_trainer(SpringParameter learns, double alpha, double min, double max)
    {
        var network = SpringLattice.Triangulated(4, 4, seed: 2);
        var task = new DisplacementTask([(0, 0.1, 0)], Output: 15, TargetDx: 0.03, TargetDy: -0.04);
        var rule = new SpringRule(learns, alpha, eta: 0.5, min, max);
        await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions { Omega = 1.3, Tolerance = 1e-12 }, Sys);
        var central = network;
        var (firstCost, lastCost) = (0.0, 0.0);
        for (var step = 0; step < 20; step++)
        {
            var cost = await SpringActorTrainer.StepAsync(engine, task, rule);
            (central, var centralCost) = SpringTrainer.Step(central, task, rule);
            Assert.True(Math.Abs(cost - centralCost) <= 1e-6 * centralCost, $"step {step}: cost {cost:G6} on the actors, {centralCost:G6} central");
            if (step == 0) firstCost = cost;
            lastCost = cost;
        }
        var parameters = learns == SpringParameter.Stiffness
            ? (engine.Network.Springs.Select(s => s.Stiffness), central.Springs.Select(s => s.Stiffness))
            : (engine.Network.Springs.Select(s => s.RestLength), central.Springs.Select(s => s.RestLength));
        var drift = parameters.Item1.Zip(parameters.Item2, (a, c) => Math.Abs(a - c) / c).Max();
        Assert.True(drift <= 1e-6, $"the actors' springs differ from the central trainer's by {drift:G3} (relative)");
        Assert.True(lastCost < 0.5 * firstCost, $"the cost fell only from {firstCost:G3} to {lastCost:G3} m^2"); // how far it falls is the central trainer's matter (Clln.Core.Tests)
        Assert.Contains(engine.Network.Springs.Zip(network.Springs), p => p.First != p.Second);
    }

    /// <summary>
    /// Every position a spring reads carries Gaussian noise: the phase settles near the
    /// equilibrium, certified when the tolerance allows for the noise, and otherwise stopped at the
    /// noise floor and said so, its distance (computed from where the nodes truly are) still the
    /// true one. Clocked, the noise draws are repeatable.
    /// </summary>
    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task Noisy_readings_settle_near_the_equilibrium_and_say_whether_it_is_certified(Schedule schedule)
    {
        var network = SpringLattice.Triangulated(4, 4, seed: 5);
        var held = network.RestPositions();
        held[0] += 0.1;
        var reference = SpringSolver.Solve(network, held).Positions;
        const double sigma = 1e-7;
        async Task<SpringTwinEquilibrium> Relax(double tolerance)
        {
            await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions { Schedule = schedule, Noise = sigma, Tolerance = tolerance }, Sys);
            return await engine.RelaxAsync(new SpringPhase(held));
        }
        var loose = await Relax(1e-4);
        Assert.True(loose.Stats.Certified);
        Assert.True(LargestNodeDistance(loose.Free, reference) <= 1e-4);

        var tight = await Relax(1e-10);
        Assert.False(tight.Stats.Certified);
        var error = LargestNodeDistance(tight.Free, reference);
        Assert.InRange(error, 1e-10, 1e3 * sigma); // off by the noise's doing, not by the tolerance's
        Assert.InRange(tight.Stats.Distance, 0.5 * error, 2 * error); // the distance reported is the true one
        if (schedule == Schedule.Clocked) Assert.Equal(tight.Free, (await Relax(1e-10)).Free);
    }

    [Fact]
    public async Task Bad_input_is_refused_in_one_line_before_any_message()
    {
        var network = SpringLattice.Triangulated(3, 3, seed: 1);
        await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions(), Sys);
        var shortArray = await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new SpringPhase(new double[3])));
        Assert.Contains("18", shortArray.Message);
        var held = network.RestPositions();
        held[1] = double.NaN;
        var notFinite = await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new SpringPhase(held)));
        Assert.Contains("'n0_0'", notFinite.Message);
        var unknown = await Assert.ThrowsAsync<InvalidNetworkException>(() => engine.RelaxAsync(new SpringPhase(ClampedNodes: [9])));
        Assert.Contains("9", unknown.Message);
        Assert.DoesNotContain('\n', shortArray.Message + notFinite.Message + unknown.Message);
        var settled = await engine.RelaxAsync(); // still usable: nothing was sent
        Assert.Equal(network.RestPositions(), settled.Free.Select(v => Math.Round(v, 9)).ToArray());
    }

    /// <summary>
    /// A tolerance below what double precision resolves on the network (the positions' rounding
    /// leaves a Newton correction of about 1e-16 of the size) ends in one line saying so, after a
    /// few checks that no longer halve the distance, on both schedules: not after a million updates
    /// a node, nor never.
    /// </summary>
    [Theory]
    [InlineData(Schedule.Clocked)]
    [InlineData(Schedule.Async)]
    public async Task A_tolerance_below_the_rounding_of_positions_fails_in_one_line_once_the_distance_stops_falling(Schedule schedule)
    {
        var network = SpringLattice.Disordered(3, 3, decades: 5, jitter: 0.25, seed: 3);
        await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions { Schedule = schedule, Tolerance = 1e-22 }, Sys);
        var held = network.RestPositions();
        held[0] += 0.1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<RelaxationException>(() => engine.RelaxAsync(new SpringPhase(held)));
        Assert.Contains("stopped falling", failure.Message);
        Assert.Contains("1E-22 m", failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"it took {clock.Elapsed} to give up");
    }

    [Fact]
    public async Task Cancelling_a_phase_halts_the_actors_and_throws()
    {
        // Slow links keep the phase running long enough to cancel it.
        var network = SpringLattice.Disordered(6, 6, decades: 5, jitter: 0.25, seed: 2);
        await using var engine = SpringActorEngine.Start(network, new ActorEngineOptions { Delay = DelaySpec.Fixed(5), Tolerance = 1e-12 }, Sys);
        var held = network.RestPositions();
        held[0] += 0.1;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.RelaxAsync(new SpringPhase(held), cancel.Token));
        var after = await Assert.ThrowsAsync<RelaxationException>(() => engine.RelaxAsync(new SpringPhase(held)));
        Assert.Contains("cancelled", after.Message);
    }

    /// <summary>Metres: the largest distance between a node's two positions.</summary>
    private static double LargestNodeDistance(double[] a, double[] b) =>
        Enumerable.Range(0, a.Length / 2).Max(i => Math.Sqrt((a[2 * i] - b[2 * i]) * (a[2 * i] - b[2 * i]) + (a[2 * i + 1] - b[2 * i + 1]) * (a[2 * i + 1] - b[2 * i + 1])));
}
