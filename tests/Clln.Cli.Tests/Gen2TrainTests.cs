using System.Text.Json;

namespace Clln.Cli.Tests;

/// <summary>`clln train` on transistor and mixed networks: the Gen-2 tasks' files, resume, and refused combinations.</summary>
public sealed class Gen2TrainTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-gen2-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task Nonlinear_regression_writes_the_error_components_each_epoch_and_their_plot()
    {
        var output = Folder("regression");
        var result = await CliRun.InProcess("train", "--task", "nonlinear-regression", "--element", "transistor", "--rule", "gate",
            "--engine", "reference", "--epochs", "3", "--output", output);
        Assert.Equal(0, result.ExitCode);
        var metrics = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        Assert.Equal("epoch,train_loss,train_accuracy,test_loss,test_accuracy,free_power_w,messages,wall_ms,energy_per_parameter_j,damage,uncertified_phases,largest_error_bound_v,gradient_cosine,update_norm_s,dropped_messages,cross_member_messages,error_mean,error_slope,error_curvature", metrics[0]);
        Assert.All(metrics.Skip(1), row => Assert.Equal(19, row.Split(',').Length));
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(output, "error-components.png"))[0]);
        // The trained network file keeps its transistors and solves.
        Assert.Contains("\"element\": \"transistor\"", File.ReadAllText(Path.Combine(output, "network.json")));
        Assert.Equal(0, (await CliRun.InProcess("solve", Path.Combine(output, "network.json"), "--format", "json")).ExitCode);
    }

    [Fact]
    public async Task Xor_draws_its_decision_boundary()
    {
        var output = Folder("xor");
        Assert.Equal(0, (await CliRun.InProcess("train", "--task", "xor", "--element", "transistor", "--rule", "gate",
            "--engine", "reference", "--epochs", "1", "--output", output)).ExitCode);
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(output, "decision-boundary.png"))[0]);
        Assert.True(File.Exists(Path.Combine(output, "accuracy.png")));
    }

    [Fact]
    public async Task A_mixed_run_resumed_from_its_checkpoint_ends_where_the_undisturbed_run_does()
    {
        string[] Args(string output, int epochs) =>
            ["train", "--task", "nonlinear-regression", "--element", "mixed", "--rule", "gate", "--engine", "reference", "--epochs", $"{epochs}", "--checkpoint-every", "1", "--output", output];
        Assert.Equal(0, (await CliRun.InProcess(Args(Folder("whole"), 4))).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess(Args(Folder("parts"), 2))).ExitCode);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", Folder("parts"), "--epochs", "4")).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder("whole"), "network.json")), File.ReadAllText(Path.Combine(Folder("parts"), "network.json")));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder("parts"), "summary.json"))).RootElement;
        Assert.Equal(4, summary.GetProperty("epochs").GetInt32());
    }

    [Fact]
    public async Task Transistors_without_the_gate_rule_are_a_one_line_error()
    {
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--element", "transistor", "--output", Folder("bad")),
            "experiment field rule: transistor edges learn by their gate voltage");
    }
}
