using Clln.Core.Experiments;
using Clln.Core.Model;

namespace Clln.Core.Tests.Experiments;

public sealed class SweepTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-sweep-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private Sweep Read(string text)
    {
        var path = Path.Combine(_directory, "s.json");
        File.WriteAllText(path, text);
        return Sweep.ReadFile(path);
    }

    private string Error(string text) => Assert.Throws<BadInputException>(() => Read(text)).Message;

    [Fact]
    public void A_range_by_step_includes_its_stop_and_reads_as_decimals()
    {
        var sweep = Read("""{"base": {"engine": "reference"}, "sweep": [{"field": "update_probability", "start": 0.1, "stop": 0.7, "step": 0.2}], "seeds": 2}""");
        Assert.Equal(["0.1", "0.3", "0.5", "0.7"], sweep.Parameters[0].Values);
        Assert.Equal([1, 2], sweep.Seeds);
        Assert.Equal("test_accuracy", sweep.Metric);
        Assert.Equal(Path.Combine("runs", "sweep-s"), sweep.Output);
        Assert.Equal([0.1, 0.3, 0.5, 0.7], sweep.Points().Select(p => p.Experiment.UpdateProbability));
    }

    [Fact]
    public void A_range_by_count_spaces_its_values_evenly_and_integer_fields_take_whole_numbers()
    {
        var sweep = Read("""{"sweep": [{"field": "epochs", "start": 10, "stop": 40, "count": 4}], "seeds": [3, 7]}""");
        Assert.Equal(["10", "20", "30", "40"], sweep.Parameters[0].Values);
        Assert.Equal([10, 20, 30, 40], sweep.Points().Select(p => p.Experiment.Epochs));
        Assert.Equal([3, 7], sweep.Seeds);
    }

    [Fact]
    public void Two_fields_make_every_combination_the_first_varying_slowest_with_the_base_kept()
    {
        var sweep = Read("""
            {"base": {"engine": "reference", "epochs": 7}, "output": "out",
             "sweep": [{"field": "clock", "values": ["global", "desync"]}, {"field": "rule", "values": ["continuous", "potentiometer"]}], "seeds": 1}
            """);
        var points = sweep.Points();
        Assert.Equal(["clock=global, rule=continuous", "clock=global, rule=potentiometer", "clock=desync, rule=continuous", "clock=desync, rule=potentiometer"], points.Select(p => p.Describe()));
        Assert.All(points, p => Assert.Equal(7, p.Experiment.Epochs));
        Assert.Equal("p03_clock=desync_rule=potentiometer", points[3].FolderName);
        var run = points[3].Run(5, sweep.RunFolder(points[3], 5));
        Assert.Equal(5, run.Seed);
        Assert.Equal(Path.Combine("out", "p03_clock=desync_rule=potentiometer", "seed-5"), run.Output);
    }

    [Fact]
    public void A_list_field_is_swept_by_lists_and_a_value_unfit_for_a_folder_name_is_made_safe()
    {
        var sweep = Read("""{"base": {"engine": "reference"}, "sweep": [{"field": "outputs", "values": [["n0_1", "n1_2", "n2_3"], ["n3_0", "n0_2", "n1_3"]]}], "seeds": 1}""");
        Assert.Equal(["n0_1", "n1_2", "n2_3"], sweep.Points()[0].Experiment.Outputs!);
        Assert.Equal("p00_outputs=n0_1_n1_2_n2_3", sweep.Points()[0].FolderName);
    }

    [Theory]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": 1, "colour": 1}""", "s.json: colour: unknown field")]
    [InlineData("""{"base": {"etta": 0.5}, "sweep": [{"field": "eta", "values": [0.5]}], "seeds": 1}""", "s.json: base.etta: unknown field")]
    [InlineData("""{"base": {"seed": 3}, "sweep": [{"field": "eta", "values": [0.5]}], "seeds": 1}""", "s.json: base.seed: set by the sweep's seeds")]
    [InlineData("""{"sweep": [{"field": "etta", "values": [0.5]}], "seeds": 1}""", "s.json: sweep[0].field: 'etta' is not an experiment field")]
    [InlineData("""{"sweep": [{"field": "seed", "values": [1, 2]}], "seeds": 1}""", "s.json: sweep[0].field: seed cannot be swept")]
    [InlineData("""{"sweep": [{"field": "eta", "values": []}], "seeds": 1}""", "s.json: sweep[0].values: the list is empty")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5, 0.5]}], "seeds": 1}""", "s.json: sweep[0].values[1]: the value 0.5 comes twice")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5, "big"]}], "seeds": 1}""", "s.json: sweep[0].values[1] (eta): expected a finite number, not 'big'")]
    [InlineData("""{"sweep": [{"field": "epochs", "values": [10, 2.5]}], "seeds": 1}""", "s.json: sweep[0].values[1] (epochs): expected an integer, not '2.5'")]
    [InlineData("""{"sweep": [{"field": "eta", "start": 0.5, "stop": 0.1, "step": 0.1}], "seeds": 1}""", "s.json: sweep[0].stop: must exceed start (0.5), not 0.1")]
    [InlineData("""{"sweep": [{"field": "eta", "start": 0.1, "stop": 0.5, "step": -0.1}], "seeds": 1}""", "s.json: sweep[0].step: must be positive, not -0.1")]
    [InlineData("""{"sweep": [{"field": "eta", "start": 0.1, "stop": 0.5, "step": 1e-6}], "seeds": 1}""", "s.json: sweep[0].step: 1E-06 makes 400001 values")]
    [InlineData("""{"sweep": [{"field": "eta", "start": 0.1, "stop": 0.5}], "seeds": 1}""", "s.json: sweep[0].step: give either step or count")]
    [InlineData("""{"sweep": [{"field": "eta", "start": 0.1, "stop": 0.5, "count": 1}], "seeds": 1}""", "s.json: sweep[0].count: must be 2 to 1000, not 1")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5], "start": 0.1}], "seeds": 1}""", "s.json: sweep[0].values: give either a list of values, or a range")]
    [InlineData("""{"sweep": [], "seeds": 1}""", "s.json: sweep: sweep one or two fields, not 0")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}, {"field": "eta", "values": [0.4]}], "seeds": 1}""", "s.json: sweep: eta is swept twice")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}]}""", "s.json: seeds: missing")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": 0}""", "s.json: seeds: must be 1 to 1000, not 0")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": []}""", "s.json: seeds: the list is empty")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": [1, 1]}""", "s.json: seeds: seed 1 comes twice")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": 1, "metric": "Test accuracy"}""", "s.json: metric: 'Test accuracy' is not a field name")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5, 11]}], "seeds": 1}""", "s.json: point eta=11: experiment field eta: must be in (0, 10] (above 1: overclamping), not 11")]
    [InlineData("""{"sweep": [{"field": "eta", "values": [0.5]}], "seeds": 1""", "s.json:1: malformed JSON")]
    public void Bad_input_is_one_error_naming_the_field(string text, string expected)
    {
        var message = Error(text);
        Assert.DoesNotContain('\n', message);
        Assert.Contains(expected, Path.GetFileName(message.Split(": ")[0]) + ": " + string.Join(": ", message.Split(": ")[1..]));
    }

    [Fact]
    public void A_runs_metrics_are_the_numbers_of_its_summary_nested_ones_with_a_dot_and_an_interrupted_or_failed_run_has_none()
    {
        const string summary = """{"task": "iris", "seed": 4, "epochs": 10, "interrupted": false, "stopped": null, "test_accuracy": null, "test_loss": 0.25, "damage": {"cut_edges": ["e1"], "accuracy_before": 0.9}}""";
        Assert.Equal([("epochs", 10.0), ("test_loss", 0.25), ("damage.accuracy_before", 0.9)], SweepRun.FinishedMetrics(summary, "summary.json")!);
        Assert.Null(SweepRun.FinishedMetrics(summary.Replace("\"interrupted\": false", "\"interrupted\": true"), "summary.json"));
        Assert.Null(SweepRun.FinishedMetrics(summary.Replace("\"stopped\": null", "\"stopped\": \"no equilibrium\""), "summary.json"));
    }

    [Fact]
    public void A_paired_difference_subtracts_the_baseline_of_the_same_seed_and_second_field()
    {
        var sweep = Read("""{"base": {"engine": "reference"}, "sweep": [{"field": "clock", "values": ["global", "desync"]}, {"field": "rule", "values": ["continuous", "potentiometer"]}], "seeds": 3}""");
        var points = sweep.Points();
        // accuracy = 0.9 + 0.01 seed, + 0.05 for potentiometers, + 0.02 seed for desync: the differences are 0.02, 0.04, 0.06.
        var runs = points.SelectMany(p => sweep.Seeds.Select(seed => new SweepRun(p, seed, "",
            [("test_accuracy", 0.9 + 0.01 * seed + (p.Settings[1].Value == "potentiometer" ? 0.05 : 0) + (p.Settings[0].Value == "desync" ? 0.02 * seed : 0))]))).ToArray();
        Assert.Null(SweepTables.PairedDifference(sweep, runs, points[1], "test_accuracy"));
        var difference = SweepTables.PairedDifference(sweep, runs, points[3], "test_accuracy")!;
        Assert.Equal(3, difference.Count);
        Assert.Equal(0.04, difference.Mean, 12);
        Assert.Equal(0.02, difference.StandardDeviation, 12);
    }
}
