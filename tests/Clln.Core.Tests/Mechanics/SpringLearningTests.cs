using Clln.Core.Mechanics;

namespace Clln.Core.Tests.Mechanics;

/// <summary>Coupled learning of springs: its update against the cost's gradient, and training that works.</summary>
public sealed class SpringLearningTests
{
    /// <summary>Pull the held bottom-left node 10 cm sideways; the top-right node should move by (5, -5) cm.</summary>
    private static DisplacementTask Task(SpringNetwork network) => new([(0, 0.1, 0.0)], network.Nodes.Count - 1, 0.05, -0.05);

    /// <summary>
    /// As the nudge vanishes, each spring's coupled-learning step divided by alpha tends to
    /// (T - u)^T S du/dtheta: the cost's gradient weighted by S, the output's own stiffness (the
    /// force per metre needed to hold it away from where it settles). Here du/dtheta comes from
    /// finite differences of free solves and S from the reaction forces of held outputs, both
    /// independent of the rule.
    /// </summary>
    [Theory]
    [InlineData(SpringParameter.Stiffness)]
    [InlineData(SpringParameter.RestLength)]
    public void Each_springs_step_tends_to_the_stiffness_weighted_gradient_of_the_cost(SpringParameter learns)
    {
        var network = SpringLattice.Triangulated(3, 3, seed: 7);
        var task = Task(network);
        const double alpha = 1e-3, eta = 1e-4;
        var (after, _) = SpringTrainer.Step(network, task, new SpringRule(learns, alpha, eta, 1e-6, 1e6));

        var held = task.Held(network);
        var free = SpringSolver.Solve(network, held);
        var (ux, uy) = task.OutputDisplacement(network, free);
        var o = task.Output;
        // S: the reaction on the output held 1 um away from where it settles, per metre.
        var s = new double[2, 2];
        for (var k = 0; k < 2; k++)
        {
            var displaced = free.Positions.ToArray();
            displaced[2 * o + k] += 1e-6;
            var state = SpringSolver.Solve(network, displaced, free.Positions, alsoHeld: [o]);
            var reaction = SpringForces.Gradient(network, state.Positions);
            (s[0, k], s[1, k]) = (reaction[2 * o] / 1e-6, reaction[2 * o + 1] / 1e-6);
        }
        var (ex, ey) = (task.TargetDx - ux, task.TargetDy - uy);
        var (wx, wy) = (ex * s[0, 0] + ey * s[1, 0], ex * s[0, 1] + ey * s[1, 1]);
        for (var j = 0; j < network.Springs.Count; j++)
        {
            var step = learns == SpringParameter.Stiffness
                ? after.Springs[j].Stiffness - network.Springs[j].Stiffness
                : after.Springs[j].RestLength - network.Springs[j].RestLength;
            var (dux, duy) = Sensitivity(network, task, j, learns);
            var expected = wx * dux + wy * duy;
            Assert.True(Math.Abs(step / alpha - expected) <= 2e-3 * Math.Abs(expected) + 1e-9,
                $"spring {j}: step/alpha {step / alpha:G6}, (T - u)^T S du/dtheta {expected:G6}");
        }
    }

    /// <summary>d(output displacement)/d(theta_j) by central differences of the free state.</summary>
    private static (double Dx, double Dy) Sensitivity(SpringNetwork network, DisplacementTask task, int j, SpringParameter learns)
    {
        const double h = 1e-5;
        (double, double) At(double change)
        {
            var springs = network.Springs.ToArray();
            springs[j] = learns == SpringParameter.Stiffness ? springs[j] with { Stiffness = springs[j].Stiffness + change } : springs[j] with { RestLength = springs[j].RestLength + change };
            var changed = network.With(springs);
            return task.OutputDisplacement(changed, SpringSolver.Solve(changed, task.Held(changed)));
        }
        var (px, py) = At(h);
        var (mx, my) = At(-h);
        return ((px - mx) / (2 * h), (py - my) / (2 * h));
    }

    /// <summary>
    /// Rest lengths act on the output at first order in the strain, stiffnesses at second (their
    /// step is (e_C^2 - e_F^2)/2): stiffness learning needs a far larger alpha and still gains less
    /// here, an order of magnitude against two and more.
    /// </summary>
    [Theory]
    [InlineData(SpringParameter.Stiffness, 100, 10)]
    [InlineData(SpringParameter.RestLength, 0.05, 100)]
    public void Training_a_triangulated_network_lowers_the_allosteric_error(SpringParameter learns, double alpha, double factor)
    {
        const int steps = 1500;
        var network = SpringLattice.Triangulated(4, 4, seed: 2);
        var task = Task(network);
        var rule = learns == SpringParameter.Stiffness ? new SpringRule(learns, alpha, 0.5, 0.05, 20) : new SpringRule(learns, alpha, 0.5, 0.2, 3);
        var first = task.Cost(network, SpringSolver.Solve(network, task.Held(network)));
        for (var step = 0; step < steps; step++) (network, _) = SpringTrainer.Step(network, task, rule);
        var last = task.Cost(network, SpringSolver.Solve(network, task.Held(network)));
        Assert.True(last < first / factor, $"cost {first:G3} m^2 before, {last:G3} m^2 after {steps} steps: less than {factor}x lower");
    }

    [Theory]
    [InlineData(4, 0, 8, "input node 'n1_1' is free: only a held node takes an imposed displacement")]
    [InlineData(0, double.NaN, 8, "input node 'n0_0': its displacement must be finite")]
    [InlineData(0, 0.1, 1, "output node 'n0_1' is held: the output must be free to move")]
    [InlineData(0, 0.1, 9, "the task names node 9; the network's nodes are 0 to 8")]
    public void A_task_that_does_not_fit_the_network_is_refused_in_one_line(int input, double dx, int output, string message)
    {
        var network = SpringLattice.Triangulated(3, 3, seed: 1);
        var task = new DisplacementTask([(input, dx, 0.0)], output, 0.05, 0);
        var e = Assert.Throws<Clln.Core.Model.InvalidNetworkException>(() => SpringTrainer.Step(network, task, new SpringRule(SpringParameter.RestLength, 0.05, 0.5, 0.2, 3)));
        Assert.Equal(message, e.Message);
    }

    /// <summary>
    /// Allostery as PRX 2021 trains it: 5 % stretch on a spring near the held row should strain a
    /// spring at the far corner by -3 %. Actuators impose both strains; the network learns it.
    /// </summary>
    [Theory]
    [InlineData(SpringParameter.RestLength, 0.05, 100)]
    [InlineData(SpringParameter.Stiffness, 2000, 10)]
    public void A_strain_at_a_source_spring_learns_to_strain_a_distant_target_spring(SpringParameter learns, double alpha, double factor)
    {
        const int steps = 600;
        var network = SpringLattice.Triangulated(5, 5, seed: 4);
        var task = new StrainTask(network.SpringBetween("n1_0", "n1_1"), 0.05, network.SpringBetween("n4_3", "n4_4"), -0.03);
        var rule = learns == SpringParameter.Stiffness ? new SpringRule(learns, alpha, 0.5, 0.01, 100) : new SpringRule(learns, alpha, 0.5, 0.2, 3);
        var first = task.Cost(network, task.Free(network));
        var source = StrainTask.Strain(network, task.Free(network), task.Source);
        Assert.Equal(0.05, source, 5); // the actuator holds the source where it is told
        for (var step = 0; step < steps; step++) (network, _) = SpringTrainer.Step(network, task, rule);
        var last = task.Cost(network, task.Free(network));
        Assert.True(last < first / factor, $"strain cost {first:G3} before, {last:G3} after {steps} steps: less than {factor}x lower");
    }

    [Theory]
    [InlineData(0, 0.5, 0.1, 1)]
    [InlineData(1, 0, 0.1, 1)]
    [InlineData(1, 0.5, 0, 1)]
    [InlineData(1, 0.5, 2, 1)]
    public void A_rule_without_a_positive_rate_nudge_and_range_is_refused(double alpha, double eta, double min, double max) =>
        Assert.Throws<ArgumentException>(() => new SpringRule(SpringParameter.Stiffness, alpha, eta, min, max));
}

