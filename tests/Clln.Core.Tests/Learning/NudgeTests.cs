using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Topologies;
using Clln.Core.Training;

namespace Clln.Core.Tests.Learning;

/// <summary>
/// The three ways a step makes its second state, against the adjoint gradient: equilibrium
/// propagation's current nudge tends to the gradient as it vanishes, for any number of outputs
/// (where coupled learning's clamp does not, see <see cref="OutputLossGradientTests"/>), and the
/// central gradient step is that gradient exactly.
/// </summary>
public sealed class NudgeTests
{
    private static (Network Network, int[] Inputs, double[] Volts, int[] Outputs, double[] Targets) Task(int outputs, int seed)
    {
        var network = RandomNetlist.Generate(30, 20, decades: 5, sources: 2, seed);
        var random = new Random(seed);
        var inputs = Enumerable.Range(1, network.NodeCount - 1).Where(i => network.Nodes[i].IsHeld).ToArray();
        var free = Enumerable.Range(0, network.NodeCount).Where(i => !network.Nodes[i].IsHeld).OrderBy(_ => random.Next()).Take(outputs).ToArray();
        return (network, inputs, inputs.Select(_ => random.NextDouble() * 2 - 1).ToArray(), free, free.Select(_ => random.NextDouble() - 0.5).ToArray());
    }

    /// <summary>One step of the reference engine with this nudge; the conductances before and after, and the gradient before.</summary>
    private static (double[] Before, double[] After, double[] Gradient) Step(Nudge nudge, double eta, double alpha, int outputs, int seed)
    {
        var (network, inputs, volts, outs, targets) = Task(outputs, seed);
        var rule = new ContinuousRule(alpha, eta, MinConductance: 1e-12, MaxConductance: 1e12);
        var twin = new ReferenceTwinNetwork(new TwinSpec(network, inputs, outs, EdgeLearning.Plain(rule, UpdateClock.Global), eta, nudge));
        var before = twin.ReadElementsAsync(default).Result;
        var gradient = new OutputLossGradient(network, inputs, outs).Of(before, volts, targets);
        twin.TrainStepAsync(volts, targets, default).Wait();
        return (before.Select(e => e.LinearConductance!.Value).ToArray(), twin.ReadElementsAsync(default).Result.Select(e => e.LinearConductance!.Value).ToArray(), gradient);
    }

    private static double Cosine(double[] before, double[] after, double[] gradient)
    {
        var change = after.Zip(before, (a, b) => a - b).ToArray();
        var dot = change.Zip(gradient, (c, g) => -c * g).Sum();
        return dot / Math.Sqrt(change.Sum(c => c * c) * gradient.Sum(g => g * g));
    }

    [Theory]
    [InlineData(1, 31)]
    [InlineData(3, 32)]
    [InlineData(3, 33)]
    public void Equilibrium_propagation_tends_to_the_gradient_as_its_nudge_vanishes_for_any_number_of_outputs(int outputs, int seed)
    {
        double[] betas = [1e-2, 1e-4, 1e-6, 1e-8];
        var cosines = betas.Select(beta => Cosine(Step(Nudge.Current, beta, alpha: 1e-9, outputs, seed) is var s ? s.Before : [], s.After, s.Gradient)).ToArray();
        Assert.True(cosines[^1] > 0.9999, $"cosines {string.Join(", ", cosines)}");
        Assert.True(1 - cosines[^1] <= 1 - cosines[0] + 1e-9, $"cosines {string.Join(", ", cosines)}");
    }

    [Fact]
    public void Equilibrium_propagation_with_a_small_nudge_steps_by_two_alpha_times_the_gradient()
    {
        // The size as well as the direction: dk -> -2 alpha dC/dk, the rate the gradient rule uses.
        var (before, after, gradient) = Step(Nudge.Current, eta: 1e-10, alpha: 1e-9, outputs: 2, seed: 34);
        var expected = gradient.Select(g => -2e-9 * g).ToArray();
        var change = after.Zip(before, (a, b) => a - b).ToArray();
        var error = Math.Sqrt(change.Zip(expected, (c, x) => (c - x) * (c - x)).Sum());
        Assert.True(error <= 1e-3 * Math.Sqrt(expected.Sum(x => x * x)), $"error {error:G3} of {Math.Sqrt(expected.Sum(x => x * x)):G3}; ratio {change.Zip(expected, (c, x) => c * x).Sum() / expected.Sum(x => x * x):G6}");
    }

    [Fact]
    public void The_gradient_rule_steps_exactly_along_the_negative_gradient()
    {
        var (before, after, gradient) = Step(Nudge.Exact, eta: 0.5, alpha: 1e-9, outputs: 3, seed: 35);
        for (var e = 0; e < before.Length; e++)
            Assert.Equal(before[e] - 2e-9 * gradient[e], after[e], Math.Max(1e-15, 1e-12 * before[e]));
        Assert.Equal(1, Cosine(before, after, gradient), 1e-12);
    }

    [Theory]
    [InlineData(ExperimentSetup.Gradient, Nudge.Exact)]
    [InlineData(ExperimentSetup.EquilibriumPropagation, Nudge.Current)]
    [InlineData("continuous", Nudge.Clamp)]
    public void The_rule_names_its_nudge_and_the_actor_engine_refuses_the_ones_it_cannot_make(string rule, Nudge nudge)
    {
        Assert.Equal(nudge, ExperimentSetup.Prepare(new Experiment { Rule = rule, Engine = "reference" }).Twin.Nudge);
        // The actors clamp, or tie outputs to their targets; only the central gradient step is beyond them.
        if (nudge != Nudge.Exact)
        {
            Assert.Equal(nudge, ExperimentSetup.Prepare(new Experiment { Rule = rule, Engine = "actors" }).Twin.Nudge);
            return;
        }
        var refused = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Rule = rule, Engine = "actors" }));
        Assert.StartsWith("experiment field rule:", refused.Message);
    }

    [Fact]
    public void The_gradient_rule_refuses_the_imperfections_of_a_local_learner()
    {
        var refused = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Rule = ExperimentSetup.Gradient, Engine = "reference", ComparatorNoise = 1e-3 }));
        Assert.Contains("comparator_noise", refused.Message);
    }
}

/// <summary>On Iris the yardsticks learn at least as well as coupled learning (seeds 1 to 3, 60 epochs, the same learning rate).</summary>
public sealed class BaselineRulesOnIrisTests
{
    private static async Task<double> MeanTestAccuracyAsync(string rule)
    {
        var accuracies = new List<double>();
        for (var seed = 1; seed <= 3; seed++)
        {
            var run = ExperimentSetup.Prepare(new Experiment { Rule = rule, Engine = "reference", Eta = 0.01, Seed = seed });
            await using var network = run.CreateReferenceNetwork();
            var trainer = new Trainer(run.Task, network);
            EpochMetrics last = await trainer.EvaluateAsync(0, 0, 0, default);
            for (var epoch = 1; epoch <= 60; epoch++) last = await trainer.RunEpochAsync(epoch, default);
            accuracies.Add(last.TestAccuracy);
        }
        return accuracies.Average();
    }

    [Fact]
    public async Task The_gradient_and_equilibrium_propagation_reach_at_least_the_accuracy_of_coupled_learning()
    {
        var coupled = await MeanTestAccuracyAsync("continuous");
        Assert.True(coupled > 0.85, $"coupled learning reached only {coupled}");
        Assert.True(await MeanTestAccuracyAsync(ExperimentSetup.Gradient) >= coupled - 1e-12);
        Assert.True(await MeanTestAccuracyAsync(ExperimentSetup.EquilibriumPropagation) >= coupled - 1e-12);
    }
}

/// <summary>Mini-batch coupled learning against the online rule it averages.</summary>
public sealed class MiniBatchTests
{
    [Fact]
    public async Task A_batch_update_is_the_mean_of_its_samples_updates_from_the_same_conductances()
    {
        var network = RandomNetlist.Generate(25, 15, decades: 3, sources: 2, seed: 41);
        var inputs = Enumerable.Range(1, network.NodeCount - 1).Where(i => network.Nodes[i].IsHeld).ToArray();
        var outputs = Enumerable.Range(0, network.NodeCount).Where(i => !network.Nodes[i].IsHeld).Take(2).ToArray();
        var rule = new ContinuousRule(Alpha: 1e-4, Eta: 0.3, MinConductance: 1e-12, MaxConductance: 1e12);
        ReferenceTwinNetwork Fresh() => new(network, inputs, outputs, rule, 0.3, UpdateClock.Global);
        double[][] samples = [[0.4, -0.2], [1.0, 0.3], [-0.5, 0.8]];
        double[][] targets = [[0.1, 0.2], [-0.3, 0.0], [0.25, -0.1]];
        double[] Values(IEdgeElement[] elements) => elements.Select(e => e.LinearConductance!.Value).ToArray();
        var start = Values(await Fresh().ReadElementsAsync(default));

        var batch = Fresh();
        for (var s = 0; s < samples.Length; s++)
        {
            await batch.TrainStepAsync(samples[s], targets[s], LearnMode.Accumulate, default);
            Assert.Equal(start, Values(await batch.ReadElementsAsync(default))); // nothing moves within a batch
        }
        await batch.ApplyAccumulatedAsync(default);
        Assert.Equal(3, batch.Step);

        var meanChange = new double[start.Length];
        for (var s = 0; s < samples.Length; s++)
        {
            var single = Fresh();
            await single.TrainStepAsync(samples[s], targets[s], default);
            var after = Values(await single.ReadElementsAsync(default));
            for (var e = 0; e < after.Length; e++) meanChange[e] += (after[e] - start[e]) / samples.Length;
        }
        var batched = Values(await batch.ReadElementsAsync(default));
        for (var e = 0; e < batched.Length; e++)
            Assert.Equal(start[e] + meanChange[e], batched[e], 1e-12 * start[e] + 1e-15);
        Assert.NotEqual(start, batched);
    }

    [Fact]
    public void A_batch_size_below_one_is_refused_naming_the_field()
    {
        var refused = Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { BatchSize = 0 }));
        Assert.StartsWith("experiment field batch_size:", refused.Message);
    }
}

/// <summary>Power-efficient learning: the comparator discounts the free drop, and the trained network dissipates less.</summary>
public sealed class PowerEfficientLearningTests
{
    [Fact]
    public void The_comparator_reads_the_free_drop_discounted_by_the_power_weight()
    {
        var rule = new ContinuousRule(Alpha: 0.01, Eta: 0.5, MinConductance: 1e-5, MaxConductance: 1);
        var learning = new EdgeLearning(rule, UpdateClock.Global, Imperfections.None, 0, 1) { PowerWeight = 0.2 };
        Assert.Equal(0.8 * 0.09 - 0.01, learning.Contrast(0.3, 0.1), 15);
        var updated = learning.Tick(0, 0, new Resistor(0.05), 0.3, 0.1).LinearConductance!.Value;
        Assert.Equal(0.05 + 0.01 / 0.5 * (0.8 * 0.09 - 0.01), updated, 15);
        // Equal drops, which plain coupled learning leaves alone, now lower the conductance.
        Assert.True(learning.Tick(0, 0, new Resistor(0.05), 0.3, 0.3).LinearConductance < 0.05);
        Assert.Equal(0.8 * 0.09 - 0.01, learning.For([0], [false]).Contrast(0.3, 0.1), 15); // damage keeps the weight
    }

    [Fact]
    public async Task On_Iris_a_small_power_weight_halves_the_free_power_at_no_loss_of_accuracy()
    {
        async Task<(double Power, double Accuracy)> TrainAsync(double weight)
        {
            double power = 0, accuracy = 0;
            for (var seed = 1; seed <= 3; seed++)
            {
                var run = ExperimentSetup.Prepare(new Experiment { Engine = "reference", Seed = seed, PowerWeight = weight });
                await using var network = run.CreateReferenceNetwork();
                var trainer = new Trainer(run.Task, network);
                EpochMetrics last = await trainer.EvaluateAsync(0, 0, 0, default);
                for (var epoch = 1; epoch <= 60; epoch++) last = await trainer.RunEpochAsync(epoch, default);
                (power, accuracy) = (power + last.FreePowerW / 3, accuracy + last.TestAccuracy / 3);
            }
            return (power, accuracy);
        }
        var plain = await TrainAsync(0);
        var efficient = await TrainAsync(0.01);
        Assert.True(efficient.Power <= plain.Power / 2, $"free power {efficient.Power} against {plain.Power}");
        Assert.True(efficient.Accuracy >= plain.Accuracy - 0.02, $"accuracy {efficient.Accuracy} against {plain.Accuracy}");
    }

    [Fact]
    public void A_power_weight_outside_its_range_is_refused_naming_the_field()
    {
        Assert.StartsWith("experiment field power_weight:", Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { PowerWeight = 1 })).Message);
        Assert.StartsWith("experiment field power_weight:", Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { PowerWeight = 0.1, Rule = ExperimentSetup.Gradient, Engine = "reference" })).Message);
    }
}
