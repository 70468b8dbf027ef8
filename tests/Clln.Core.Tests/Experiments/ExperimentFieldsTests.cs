using Clln.Core.Experiments;
using Clln.Core.Model;

namespace Clln.Core.Tests.Experiments;

public sealed class ExperimentFieldsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-exp-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private string Write(string text)
    {
        var path = Path.Combine(_directory, "e.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Every_property_is_a_field_and_a_flag_and_the_written_config_reads_back_equal()
    {
        var experiment = new Experiment { Rule = "potentiometer", Eta = 0.25, BiasVolts = [1, 0.5], Inputs = ["a", "b"], PoissonRate = 2 };
        var again = ExperimentFields.ReadFile(Write(ExperimentFields.Write(experiment)));
        Assert.Equal(ExperimentFields.Write(experiment), ExperimentFields.Write(again));
        Assert.Equal(typeof(Experiment).GetProperties().Length, ExperimentFields.FlagNames.Count());
        Assert.Contains("k-min", ExperimentFields.FlagNames);
    }

    [Fact]
    public void The_reserved_record_of_which_clln_wrote_a_config_is_written_first_and_ignored_on_reading()
    {
        var experiment = new Experiment { Rule = "potentiometer", Epochs = 7 };
        var text = ExperimentFields.Write(experiment, ("1.2.3", "abc123"));
        Assert.StartsWith("{\n  \"clln\": {\n    \"version\": \"1.2.3\",\n    \"commit\": \"abc123\"\n  },", text.ReplaceLineEndings("\n"));
        var again = ExperimentFields.ReadFile(Write(text));
        Assert.Equal(ExperimentFields.Write(experiment), ExperimentFields.Write(again));
        // Whatever a later clln records there is ignored too; every other unknown field is still an error.
        Assert.Equal(7, ExperimentFields.ReadFile(Write("""{"clln": {"version": "9.0.0", "built": "elsewhere"}, "epochs": 7}""")).Epochs);
        Assert.Contains("unknown field", Assert.Throws<BadInputException>(() => ExperimentFields.ReadFile(Write("""{"clln_version": "1"}"""))).Message);
    }

    [Fact]
    public void Unknown_fields_and_wrong_types_are_errors_naming_the_field()
    {
        var path = Write("""{"epochs": 5, "etaa": 0.3}""");
        Assert.StartsWith($"{path}: etaa: unknown field", Assert.Throws<BadInputException>(() => ExperimentFields.ReadFile(path)).Message);
        path = Write("""{"epochs": "many"}""");
        Assert.Equal($"{path}: epochs: expected an integer, not 'many'", Assert.Throws<BadInputException>(() => ExperimentFields.ReadFile(path)).Message);
    }

    [Theory]
    [InlineData("eta", "10.5", "experiment field eta: must be in (0, 10] (above 1: overclamping), not 10.5")]
    [InlineData("rule", "magic", "experiment field rule: unknown rule 'magic' (expected continuous, potentiometer, gate, equilibrium-propagation or gradient)")]
    [InlineData("topology", "lattice:2x2", "experiment field topology: a periodic lattice needs at least 3 x 3 nodes, not 2 x 2 (smaller ones would double edges)")]
    [InlineData("topology", "torus", "experiment field topology: 'torus' is not a topology (expected lattice:4x4, lattice:8x8:open, random:NODES:EDGES or file:PATH)")]
    [InlineData("clock", "sometimes", "experiment field clock: must be global or desync, not 'sometimes'")]
    [InlineData("task", "chess", "experiment field task: unknown task 'chess' (expected iris, allostery, linear-regression, nonlinear-regression, xor, moons or csv)")]
    [InlineData("input_high", "1e101", "experiment field input_high: must be within ±1e100 V, not 1E+101")]
    [InlineData("k_init_high", "1e300", "experiment field k_init_high: must be from 1e-100 to 1e100 S, not 1E+300")]
    [InlineData("tap_max_ohms", "1e200", "experiment field tap_max_ohms: must be from 1e-100 to 1e100 ohms, not 1E+200")]
    [InlineData("transistor_k", "1e-200", "experiment field transistor_k: must be from 1e-100 to 1e100 A/V², not 1E-200")]
    public void Bad_values_are_refused_naming_the_field(string field, string value, string message)
    {
        var experiment = ExperimentFields.Set(new Experiment(), field, value, "test");
        Assert.Equal(message, Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(experiment)).Message);
    }

    [Fact]
    public void The_same_seed_prepares_the_same_run_and_another_seed_another()
    {
        var a = ExperimentSetup.Prepare(new Experiment { Seed = 4 });
        var b = ExperimentSetup.Prepare(new Experiment { Seed = 4 });
        var c = ExperimentSetup.Prepare(new Experiment { Seed = 5 });
        Assert.Equal(a.Layout.Inputs, b.Layout.Inputs);
        Assert.Equal(a.Network.Edges.Select(e => e.Element.LinearConductance), b.Network.Edges.Select(e => e.Element.LinearConductance));
        Assert.NotEqual(a.Network.Edges.Select(e => e.Element.LinearConductance), c.Network.Edges.Select(e => e.Element.LinearConductance));
    }

    [Fact]
    public void A_network_file_gives_the_wiring_the_conductances_and_the_roles_when_they_fit_the_task()
    {
        var path = Path.Combine(_directory, "net.json");
        var source = ExperimentSetup.Prepare(new Experiment { Seed = 8 });
        File.WriteAllText(path, Clln.Core.Formats.NetworkJson.Write(source.Network));
        var run = ExperimentSetup.Prepare(new Experiment { Topology = "file:" + path, Seed = 99 });
        // The file's roles in the file's node order (feature i drives the i-th input node listed).
        Assert.Equal(source.Layout.Inputs.Order(), run.Layout.Inputs.Order());
        Assert.Equal(source.Layout.Outputs.Order(), run.Layout.Outputs.Order());
        Assert.Equal(source.Network.Edges.Select(e => e.Element.LinearConductance), run.Network.Edges.Select(e => e.Element.LinearConductance));
        Assert.Equal(source.Topology.Layout, run.Topology.Layout); // lattice names are drawn on their grid
        Assert.Contains("no such file", Assert.Throws<InvalidNetworkException>(() => ExperimentSetup.Prepare(new Experiment { Topology = "file:/nonexistent.json" })).Message);
    }

    [Fact]
    public void Named_nodes_are_used_and_an_unknown_one_is_refused()
    {
        var run = ExperimentSetup.Prepare(new Experiment { Inputs = ["n0_0", "n0_1", "n0_2", "n0_3"], Outputs = ["n3_0", "n3_1", "n3_2"], Ground = "n2_2" });
        Assert.Equal(NodeRole.Ground, run.Network.Nodes[run.Network.IndexOf("n2_2")].Role);
        Assert.Equal(NodeRole.Output, run.Network.Nodes[run.Network.IndexOf("n3_1")].Role);
        Assert.Contains("unknown node 'zz'", Assert.Throws<BadInputException>(() => ExperimentSetup.Prepare(new Experiment { Ground = "zz" })).Message);
    }
}
