using Clln.Core.Data;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Tasks;
using Clln.Core.Training;

namespace Clln.Core.Tests.Tasks;

/// <summary>The Gen-2 tasks and experiments: nonlinear regression's error components, the seeded 2-d data sets, transistor and mixed runs.</summary>
public sealed class Gen2TaskTests
{
    [Fact]
    public void Error_components_recover_the_mean_slope_and_curvature_of_an_error_exactly()
    {
        var task = new PolynomialRegressionTask([0.4, 0.15, -0.05], 0.0, 1.0, 20, 41, seed: 1);
        // Outputs off by 0.01 + 0.02 u - 0.03 P2(u): the components are exactly those.
        var outputs = task.Test.Select(s =>
        {
            var u = task.Normalised(s.Inputs[0]);
            return new[] { s.Targets[0] + 0.01 + 0.02 * u - 0.03 * (1.5 * u * u - 0.5) };
        }).ToArray();
        var c = task.ErrorComponents(task.Test, outputs);
        Assert.Equal(0.01, c[0], 1e-14);
        Assert.Equal(0.02, c[1], 1e-14);
        Assert.Equal(-0.03, c[2], 1e-14);
        // The target itself: at the ends and the middle of the range.
        Assert.Equal(0.4 - 0.15 - 0.05, task.Target(0.0), 1e-15);
        Assert.Equal(0.4, task.Target(0.5), 1e-15);
        Assert.Equal(0.4 + 0.15 - 0.05, task.Target(1.0), 1e-15);
        Assert.Equal(41, task.Test.Count);
        Assert.All(task.Train, s => Assert.InRange(s.Inputs[0], 0.0, 1.0));
    }

    /// <summary>
    /// The components are independent: a pure curvature error (a multiple of P2) shows as that
    /// curvature and as no mean and no slope, on the even test grid and on the seed's uneven
    /// training inputs alike; and u^2 itself, which is not orthogonal to P0, splits as
    /// u^2 = 1/3 P0 + 2/3 P2 (a decomposition on u, u^2 would call it all curvature).
    /// </summary>
    [Fact]
    public void A_pure_curvature_error_has_no_mean_and_no_slope()
    {
        var task = new PolynomialRegressionTask([0.4, 0.15, -0.05], 0.0, 1.0, 20, 41, seed: 3);
        double[][] Off(IReadOnlyList<TaskSample> samples, Func<double, double> error) =>
            samples.Select(s => new[] { s.Targets[0] + error(task.Normalised(s.Inputs[0])) }).ToArray();
        foreach (var samples in new[] { task.Test, task.Train })
        {
            var curvature = task.ErrorComponents(samples, Off(samples, u => 0.02 * (1.5 * u * u - 0.5)));
            Assert.Equal(0.0, curvature[0], 1e-13);
            Assert.Equal(0.0, curvature[1], 1e-13);
            Assert.Equal(0.02, curvature[2], 1e-13);
        }
        var square = task.ErrorComponents(task.Test, Off(task.Test, u => 0.03 * u * u));
        Assert.Equal(0.01, square[0], 1e-13);
        Assert.Equal(0.0, square[1], 1e-13);
        Assert.Equal(0.02, square[2], 1e-13);
    }

    [Fact]
    public void Xor_like_data_is_four_blobs_labelled_by_whether_the_signs_agree()
    {
        var data = SyntheticData.XorLike(400, 0.1, seed: 3);
        Assert.Equal(data.Features, SyntheticData.XorLike(400, 0.1, seed: 3).Features);
        Assert.NotEqual(data.Features[0], SyntheticData.XorLike(400, 0.1, seed: 4).Features[0]);
        for (var i = 0; i < data.Count; i++)
        {
            var (x, y) = (data.Features[i][0], data.Features[i][1]);
            Assert.Equal(Math.Sign(x) == Math.Sign(y) ? 0 : 1, data.Labels[i]); // with noise 0.1 no point strays 1 away, across an axis
        }
        // Every quadrant is populated: no line separates the classes.
        Assert.Equal(4, data.Features.Select(f => (Math.Sign(f[0]), Math.Sign(f[1]))).Distinct().Count());
        Assert.InRange(data.Labels.Count(l => l == 0), 150, 250);
    }

    [Fact]
    public void Two_moons_lie_on_their_arcs_within_the_noise()
    {
        var data = SyntheticData.TwoMoons(300, 0.0, seed: 5);
        for (var i = 0; i < data.Count; i++)
        {
            var (x, y) = (data.Features[i][0], data.Features[i][1]);
            var centre = data.Labels[i] == 0 ? (0.0, 0.0) : (1.0, 0.5);
            Assert.Equal(1.0, Math.Sqrt((x - centre.Item1) * (x - centre.Item1) + (y - centre.Item2) * (y - centre.Item2)), 1e-12);
            Assert.True(data.Labels[i] == 0 ? y >= -1e-12 : y <= 0.5 + 1e-12);
        }
    }

    [Fact]
    public void A_transistor_xor_run_has_two_inputs_two_outputs_two_biases_and_transistor_edges_learning_by_gate()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "xor", Element = "transistor", Rule = "gate", Seed = 2 });
        // The plaquette: each output one edge from each input, the sources elsewhere.
        Assert.Equal(["n0_0", "n1_1"], run.Layout.Inputs);
        Assert.Equal(["n0_1", "n1_0"], run.Layout.Outputs);
        Assert.Equal("n2_2", run.Layout.Ground);
        Assert.Equal([("n3_3", 1.0), ("n2_0", 0.0)], run.Layout.Biases);
        foreach (var output in run.OutputNodes)
            foreach (var input in run.InputNodes)
                Assert.Contains(run.Network.Edges, e => (e.From, e.To) == (output, input) || (e.From, e.To) == (input, output));
        Assert.All(run.Network.Edges, e => Assert.InRange(Assert.IsType<Transistor>(e.Element).GateVoltage, 1.0, 2.0));
        Assert.IsType<GateRule>(run.Rule);
        Assert.Equal(200, run.Task.Train.Count + run.Task.Test.Count);
        var task = (ClassificationTask)run.Task;
        Assert.Equal(TargetMode.Differential, task.Mode);
        Assert.Equal(0, task.Predict([0.11, 0.10]));
        Assert.Equal(1, task.Predict([0.10, 0.11]));
        // Naming any node gives up the plaquette: the rest is drawn from the seed.
        var drawn = ExperimentSetup.Prepare(new Experiment { Task = "xor", Element = "transistor", Rule = "gate", Seed = 2, Ground = "n3_1" });
        Assert.Equal("n3_1", drawn.Layout.Ground);
        Assert.Equal([1.0, 0.0], drawn.Layout.Biases.Select(b => b.Volts));
        // Bias nodes named without volts take the task's.
        var biased = ExperimentSetup.Prepare(new Experiment { Task = "xor", Element = "transistor", Rule = "gate", BiasNodes = ["n3_2", "n0_2"] });
        Assert.Equal([("n3_2", 1.0), ("n0_2", 0.0)], biased.Layout.Biases);
    }

    [Fact]
    public void Differential_targets_keep_the_free_common_level_ask_for_plus_or_minus_d_and_rest_once_the_margin_is_met()
    {
        var data = SyntheticData.XorLike(40, 0.3, seed: 1);
        var task = ClassificationTask.FromDataSet(data, VoltageScaling.Fit(data, 0, 1), 5, seed: 1, 0.3, 0.6, TargetMode.Differential, margin: 0.05);
        Assert.True(task.TargetsFollowFreeOutputs);
        var same = task.Train.First(s => s.Label == 0);
        var opposite = task.Train.First(s => s.Label == 1);
        // O = -0.01 V for a "same" sample: the clamp keeps (O+ + O-)/2 = 0.505 and asks O = +0.05.
        var targets = task.StepTargets(same, [0.50, 0.51])!;
        Assert.Equal(0.505, (targets[0] + targets[1]) / 2, 1e-15);
        Assert.Equal(0.05, targets[0] - targets[1], 1e-15);
        Assert.Equal(-0.05, task.StepTargets(opposite, [0.50, 0.51])![0] - task.StepTargets(opposite, [0.50, 0.51])![1], 1e-15);
        // Right side but inside the margin: still taught; beyond it: nothing to teach, no loss.
        Assert.NotNull(task.StepTargets(same, [0.53, 0.50]));
        Assert.Null(task.StepTargets(same, [0.56, 0.50]));
        Assert.Null(task.StepTargets(opposite, [0.50, 0.56]));
        Assert.Equal(0.0, task.Loss([0.56, 0.50], same));
        // The loss is the mean square of what the clamp asks of each output: (0.05 - (-0.01)) / 2 each.
        Assert.Equal(0.03 * 0.03, task.Loss([0.50, 0.51], same), 1e-15);
    }

    [Fact]
    public void With_more_classes_differential_targets_give_every_class_a_pair_and_nudge_only_the_pairs_short_of_their_margin()
    {
        var iris = EmbeddedData.Iris();
        var task = ClassificationTask.FromDataSet(iris, VoltageScaling.Fit(iris, 0, 1), 5, seed: 1, 0.3, 0.6, TargetMode.Differential, margin: 0.05);
        var sample = task.Train.First(s => s.Label == 1);
        Assert.Equal([0.3, 0.6, 0.6, 0.3, 0.3, 0.6], task.TargetFor(sample)); // its own pair high-low, the others low-high
        // Pairs (O+, O-): class 0's O = +0.02 (should be below -0.05), class 1's +0.01 (should be
        // above +0.05), class 2's -0.10 (already below -0.05: left free).
        double[] free = [0.52, 0.50, 0.51, 0.50, 0.40, 0.50];
        Assert.Equal(1, task.Predict([0.40, 0.50, 0.51, 0.50, 0.40, 0.50])); // the largest O
        Assert.Equal(0, task.Predict(free));
        var targets = task.StepTargets(sample, free)!;
        Assert.Equal(-0.05, targets[0] - targets[1], 1e-15);
        Assert.Equal(0.51, (targets[0] + targets[1]) / 2, 1e-15);
        Assert.Equal(0.05, targets[2] - targets[3], 1e-15);
        Assert.Equal(0.505, (targets[2] + targets[3]) / 2, 1e-15);
        Assert.Equal([0.40, 0.50], targets[4..]);
        // The loss: per pair the square of half its shortfall, averaged over the pairs.
        Assert.Equal((0.035 * 0.035 + 0.02 * 0.02) / 3, task.Loss(free, sample), 1e-15);
        Assert.Null(task.StepTargets(sample, [0.40, 0.50, 0.60, 0.50, 0.40, 0.50]));
        // A data set's run gets a pair of output nodes a class.
        Assert.Equal(6, ExperimentSetup.Prepare(new Experiment { Targets = "differential" }).OutputNodes.Length);
    }

    [Fact]
    public void A_mixed_run_draws_each_edge_kind_from_the_seed_and_restores_from_learned_values()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Task = "nonlinear-regression", Element = "mixed", Rule = "gate", TransistorShare = 0.5, Seed = 4 });
        var transistors = run.Network.Edges.Count(e => e.Element is Transistor);
        Assert.InRange(transistors, 8, 24);
        Assert.Contains(run.Network.Edges, e => e.Element is Resistor);
        var values = run.Network.Edges.Select(e => run.Rule.LearnedValue(e.Element)).ToArray();
        Assert.Equal(run.Network.Edges.Select(e => e.Element), run.ElementsFrom(values));
        // The resistor draws are those of a resistor run with the same seed: transistor draws have their own stream.
        var resistorRun = ExperimentSetup.Prepare(new Experiment { Task = "nonlinear-regression", Seed = 4 });
        Assert.Equal(20, resistorRun.Task.Train.Count);
        Assert.Equal(40, ExperimentSetup.Prepare(new Experiment { Task = "nonlinear-regression", TrainCount = 40 }).Task.Train.Count);
        for (var j = 0; j < run.Network.EdgeCount; j++)
            if (run.Network.Edges[j].Element is Resistor r) Assert.Equal(resistorRun.Network.Edges[j].Element, r);
    }

    [Theory]
    [InlineData("element", "diode", "experiment field element: must be resistor, transistor or mixed, not 'diode'")]
    [InlineData("gate_max", "-1", "experiment field gate_max: must exceed gate_min (0), not -1")]
    [InlineData("polynomial", "1,2", "experiment field polynomial: a degree-2 polynomial has 3 coefficients (c0, c1, c2), not 2")]
    [InlineData("subthreshold_swing", "-0.1", "experiment field subthreshold_swing: must not be negative (0 for no leak), not -0.1")]
    [InlineData("train_count", "0", "experiment field train_count: must be at least 1, not 0")]
    public void Bad_gen2_fields_are_refused_naming_the_field(string field, string value, string message)
    {
        var experiment = ExperimentFields.Set(new Experiment { Element = "transistor", Rule = "gate" }, field, value, "test");
        Assert.Equal(message, Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(experiment)).Message);
    }

    [Fact]
    public void Rule_and_element_must_agree()
    {
        Assert.Equal("experiment field rule: transistor edges learn by their gate voltage: use rule gate with element transistor, not continuous",
            Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Element = "transistor" })).Message);
        Assert.Equal("experiment field rule: rule gate teaches transistor edges: use element transistor or mixed, not resistor",
            Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Rule = "gate" })).Message);
    }

    [Fact]
    public async Task Transistors_learn_the_concave_parabola_fifty_fold_mean_first_and_resistors_never_bend()
    {
        var experiment = new Experiment { Task = "nonlinear-regression", Element = "transistor", Rule = "gate", Seed = 1 };
        var run = ExperimentSetup.Prepare(experiment);
        var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
        var rows = new List<EpochMetrics> { await trainer.EvaluateAsync(0, 0, 0, default) };
        for (var epoch = 1; epoch <= 100; epoch++) rows.Add(await trainer.RunEpochAsync(epoch, default));
        Assert.True(rows[^1].TestLoss < rows[0].TestLoss / 50, $"test loss {rows[0].TestLoss} -> {rows[^1].TestLoss}");
        Assert.All(rows, r => Assert.Equal(3, r.ErrorComponents!.Length));
        // The mean's error is the first to fall below a tenth of where it started.
        int FirstBelowTenth(int c) => rows.FindIndex(r => Math.Abs(r.ErrorComponents![c]) < 0.1 * Math.Abs(rows[0].ErrorComponents![c]));
        Assert.True(FirstBelowTenth(0) >= 0 && FirstBelowTenth(0) <= FirstBelowTenth(1), $"mean at epoch {FirstBelowTenth(0)}, slope at {FirstBelowTenth(1)}");

        // A resistor network is linear: its output has no curvature, so its curvature error is
        // exactly -(2/3) c2 (the P2 part of c2 u^2) at every epoch, whatever it learns.
        var resistors = ExperimentSetup.Prepare(experiment with { Element = "resistor", Rule = "continuous" });
        var linearTrainer = new Trainer(resistors.Task, resistors.CreateReferenceNetwork());
        for (var epoch = 1; epoch <= 20; epoch++)
        {
            var row = await linearTrainer.RunEpochAsync(epoch, default);
            Assert.Equal(-2.0 / 3 * -0.05, row.ErrorComponents![2], 1e-9);
        }
    }

    /// <summary>
    /// The XOR target in small: transistors on the plaquette with differential targets separate
    /// the four blobs within a few dozen epochs; resistors, affine in the inputs, cannot do better
    /// than a straight line (three blobs of four) however long they are taught.
    /// </summary>
    [Fact]
    public async Task Transistors_learn_xor_and_resistors_stay_below_the_straight_line_bound()
    {
        var experiment = new Experiment { Task = "xor", Element = "transistor", Rule = "gate", Seed = 2, SampleCount = 200, TrainPerClass = 50,
            TargetMargin = 0.05, Gain = 300, Eta = 0.2 };
        async Task<double> Accuracy(Experiment e, int epochs)
        {
            var run = ExperimentSetup.Prepare(e);
            var trainer = new Trainer(run.Task, run.CreateReferenceNetwork());
            var metrics = await trainer.EvaluateAsync(0, 0, 0, default);
            for (var epoch = 1; epoch <= epochs; epoch++) metrics = await trainer.RunEpochAsync(epoch, default);
            return metrics.TestAccuracy;
        }
        var transistors = await Accuracy(experiment, 30);
        Assert.True(transistors >= 0.9, $"transistor test accuracy {transistors}");
        var resistors = await Accuracy(experiment with { Element = "resistor", Rule = "continuous" }, 30);
        Assert.True(resistors <= 0.8, $"resistor test accuracy {resistors}");
    }

    [Fact]
    public void Metrics_rows_with_error_components_round_trip_through_csv_with_their_header()
    {
        var row = new EpochMetrics(3, 0.1, double.NaN, 0.2, double.NaN, 1e-6, 0, 2.5, [0.01, -0.002, 3e-4]);
        Assert.Equal(EpochMetrics.CsvHeader + ",error_mean,error_slope,error_curvature", EpochMetrics.CsvHeaderFor([row]));
        Assert.Equal(EpochMetrics.CsvHeader, EpochMetrics.CsvHeaderFor([row with { ErrorComponents = null }]));
        var back = EpochMetrics.FromCsv(row.ToCsv());
        Assert.Equal(row.ErrorComponents, back.ErrorComponents);
        Assert.Equal(row.ToCsv(), back.ToCsv());
        Assert.Null(EpochMetrics.FromCsv((row with { ErrorComponents = null }).ToCsv()).ErrorComponents);
    }
}
