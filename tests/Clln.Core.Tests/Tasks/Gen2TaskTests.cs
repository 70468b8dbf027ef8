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
        Assert.Equal(2, run.InputNodes.Length);
        Assert.Equal(2, run.OutputNodes.Length);
        Assert.Equal([1.0, 0.0], run.Layout.Biases.Select(b => b.Volts));
        Assert.All(run.Network.Edges, e => Assert.InRange(Assert.IsType<Transistor>(e.Element).GateVoltage, 1.0, 2.0));
        Assert.IsType<GateRule>(run.Rule);
        Assert.Equal(200, run.Task.Train.Count + run.Task.Test.Count);
        // Nearest-target classification with targets (high, low) and (low, high) is the sign of O+ - O-.
        var task = (ClassificationTask)run.Task;
        Assert.Equal(0, task.Predict([0.51, 0.49]));
        Assert.Equal(1, task.Predict([0.49, 0.51]));
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
        for (var j = 0; j < run.Network.EdgeCount; j++)
            if (run.Network.Edges[j].Element is Resistor r) Assert.Equal(resistorRun.Network.Edges[j].Element, r);
    }

    [Theory]
    [InlineData("element", "diode", "experiment field element: must be resistor, transistor or mixed, not 'diode'")]
    [InlineData("gate_max", "-1", "experiment field gate_max: must exceed gate_min (0), not -1")]
    [InlineData("polynomial", "1,2", "experiment field polynomial: a degree-2 polynomial has 3 coefficients (c0, c1, c2), not 2")]
    [InlineData("subthreshold_swing", "-0.1", "experiment field subthreshold_swing: must not be negative (0 for no leak), not -0.1")]
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
