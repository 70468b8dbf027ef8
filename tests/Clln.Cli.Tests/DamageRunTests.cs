using System.Text.Json;

namespace Clln.Cli.Tests;

/// <summary>`clln train` with damage: the recovery report, resuming across the damage, and bad input.</summary>
public sealed class DamageRunTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-damage-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    private static string[] Metrics(string folder) => File.ReadAllLines(Path.Combine(folder, "metrics.csv"));

    [Fact]
    public async Task A_recovery_run_marks_the_damage_row_and_reports_before_right_after_and_after()
    {
        var output = Folder("recovery");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--epochs", "4", "--cut-fraction", "0.2", "--damage-epoch", "2", "--output", output)).ExitCode);
        var rows = Metrics(output).Skip(1).Select(r => r.Split(',')).ToArray();
        Assert.Equal(["0", "1", "2", "2", "3", "4"], rows.Select(r => r[0]));
        Assert.Equal(["0", "0", "0", "1", "0", "0"], rows.Select(r => r[9]));
        var damage = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement.GetProperty("damage");
        Assert.Equal(6, damage.GetProperty("cut_edges").GetArrayLength()); // round(0.2 x 32)
        Assert.Equal(26, damage.GetProperty("remaining_edges").GetInt32());
        Assert.Equal(double.Parse(rows[2][4]), damage.GetProperty("accuracy_before").GetDouble());
        Assert.Equal(double.Parse(rows[3][4]), damage.GetProperty("accuracy_right_after").GetDouble());
        Assert.Equal(double.Parse(rows[5][4]), damage.GetProperty("accuracy_after_recovery").GetDouble());
        // Energy per parameter: the free power times 1 us over the edges left.
        Assert.Equal(double.Parse(rows[5][5]) * 1e-6 / 26, double.Parse(rows[5][8]), 1e-20);
        Assert.Equal(double.Parse(rows[1][5]) * 1e-6 / 32, double.Parse(rows[1][8]), 1e-20);
    }

    [Fact]
    public async Task An_output_cut_off_from_every_source_leaves_its_figures_null_in_the_summary()
    {
        // Output n1_1's four edges cut: it floats, every sample counts as wrong and the loss has
        // no finite value, which JSON writes as null rather than failing to write the summary.
        var output = Folder("floating-output");
        var run = await CliRun.InProcess("train", "--engine", "reference", "--epochs", "2", "--outputs", "n1_1,n2_1,n2_3",
            "--cut-edges", "e3,e8,e10,e11", "--damage-epoch", "1", "--output", output);
        Assert.Equal(0, run.ExitCode);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json"))).RootElement;
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("test_loss").ValueKind);
        Assert.Equal(JsonValueKind.Null, summary.GetProperty("test_loss_reduction").ValueKind);
        Assert.Equal(0.0, summary.GetProperty("test_accuracy").GetDouble());
    }

    [Fact]
    public async Task Resuming_across_the_damage_ends_where_an_undisturbed_run_ends()
    {
        string[] common = ["--engine", "reference", "--seed", "3", "--cut-fraction", "0.25", "--stuck-fraction", "0.1", "--twin-mismatch", "0.05",
            "--output-noise", "0.002", "--damage-epoch", "2", "--checkpoint-every", "1"];
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", "4", "--output", Folder("whole")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", "3", "--output", Folder("parts")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", Folder("parts"), "--epochs", "4")).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder("whole"), "network.json")), File.ReadAllText(Path.Combine(Folder("parts"), "network.json")));
        static string DropWallTime(string row) => string.Join(',', row.Split(',').Where((_, i) => i != 7));
        Assert.Equal(Metrics(Folder("whole")).Select(DropWallTime), Metrics(Folder("parts")).Select(DropWallTime));
    }

    [Fact]
    public async Task Damaging_a_trained_run_on_resume_is_the_run_that_was_damaged_at_that_epoch()
    {
        string[] common = ["--engine", "reference", "--seed", "5", "--checkpoint-every", "1"];
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", "4", "--cut-fraction", "0.2", "--damage-epoch", "2", "--output", Folder("whole")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess(["train", .. common, "--epochs", "2", "--output", Folder("trained")])).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", Folder("trained"), "--epochs", "4", "--cut-fraction", "0.2")).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder("whole"), "network.json")), File.ReadAllText(Path.Combine(Folder("trained"), "network.json")));
        static string DropWallTime(string row) => string.Join(',', row.Split(',').Where((_, i) => i != 7));
        Assert.Equal(Metrics(Folder("whole")).Select(DropWallTime), Metrics(Folder("trained")).Select(DropWallTime));
        // Its config now says so, and the damage cannot be added twice.
        Assert.Contains("\"damage_epoch\": 2", File.ReadAllText(Path.Combine(Folder("trained"), "config.json")));
        Assert.Equal(2, (await CliRun.InProcess("train", "--resume", Folder("trained"), "--epochs", "5", "--cut-fraction", "0.1")).ExitCode);
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--resume", Folder("whole"), "--epochs", "5", "--stuck-fraction", "0.1"), "has its damage configured already");
    }

    [Theory]
    [InlineData(new[] { "--cut-fraction", "1.5" }, "experiment field cut_fraction: must be in [0, 1], not 1.5")]
    [InlineData(new[] { "--dead-fraction", "-0.1" }, "experiment field dead_fraction: must be in [0, 1], not -0.1")]
    [InlineData(new[] { "--cut-edges", "e0,nope" }, "experiment field cut_edges: unknown edge 'nope'")]
    [InlineData(new[] { "--damage-epoch", "5", "--epochs", "3" }, "experiment field damage_epoch: must not exceed epochs (3), not 5")]
    [InlineData(new[] { "--twin-mismatch", "-1" }, "experiment field twin_mismatch: a standard deviation must not be negative, not -1")]
    [InlineData(new[] { "--drift-unit", "hour" }, "experiment field drift_unit: must be step or epoch, not 'hour'")]
    [InlineData(new[] { "--engine", "reference", "--link-delay", "fixed:1ms" }, "experiment field link_delay: models the actors' links: use engine actors (the reference engine has none)")]
    [InlineData(new[] { "--link-delay", "soon" }, "experiment field link_delay: bad delay 'soon': expected fixed:T, uniform:T1-T2 or exp:T, with T like 2ms, 500us or 0.1s")]
    [InlineData(new[] { "--straggler-factor", "0.5" }, "experiment field straggler_factor: must be at least 1, not 0.5")]
    public async Task Bad_model_values_are_one_line_naming_the_field_and_exit_code_2(string[] flags, string message)
    {
        var output = Folder("bad");
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. flags, "--output", output]), message);
        Assert.False(Directory.Exists(output), "no output for bad input");
    }
}
