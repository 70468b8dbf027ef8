using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Clln.Core.Formats;
using Clln.Core.Mechanics;

namespace Clln.Cli.Tests;

/// <summary>
/// `clln springs-train`: what it writes is checked against an independent solve of the trained
/// network it wrote; the actors learn what the reference engine learns; bad input is one line
/// with exit 2 and nothing written.
/// </summary>
public sealed partial class SpringsTrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"springs-train-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static readonly string[] Task = ["--move", "n0_0=0.1,0", "--target", "n2_2=0.03,-0.02"];

    private static double[] Costs(string folder) => File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Skip(1)
        .Select(line => double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();

    [Theory]
    [InlineData("stiffness")]
    [InlineData("rest-length")]
    public async Task The_written_network_has_the_cost_the_run_reports_and_less_than_before(string learns)
    {
        var file = CliRun.DataFile("springs-3x3.json");
        var folder = Path.Combine(_root, learns);
        var result = await CliRun.InProcess(["springs-train", file, .. Task, "--learn", learns, "--steps", "60", "--output", folder]);
        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var name in new[] { "metrics.csv", "summary.json", "network.json", "cost.png", "learned.png" })
            Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 0, $"{name} missing or empty");
        var costs = Costs(folder);
        Assert.Equal(61, costs.Length);

        // The trained network, read back and solved afresh, puts the output where the final cost says.
        var untrained = SpringJson.ReadFile(file);
        var trained = SpringJson.ReadFile(Path.Combine(folder, "network.json"));
        var task = new DisplacementTask([(untrained.Nodes.ToList().FindIndex(n => n.Name == "n0_0"), 0.1, 0)], untrained.Nodes.ToList().FindIndex(n => n.Name == "n2_2"), 0.03, -0.02);
        Assert.Equal(task.Cost(trained, task.Free(trained)), costs[^1], 1e-15);
        Assert.True(costs[^1] < 0.1 * costs[0], $"the cost fell only from {costs[0]:G3} to {costs[^1]:G3} m^2");
        Assert.Equal(untrained.Nodes, trained.Nodes);
        Assert.Contains(trained.Springs.Zip(untrained.Springs), p => p.First != p.Second);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(Math.Log10(costs[0] / costs[^1]), summary.RootElement.GetProperty("decades_gained").GetDouble(), 12);
        Assert.Equal(learns, summary.RootElement.GetProperty("learns").GetString());
    }

    [Fact]
    public async Task The_actors_learn_what_the_reference_engine_learns()
    {
        var file = CliRun.DataFile("springs-3x3.json");
        string[] run = ["springs-train", file, .. Task, "--learn", "stiffness", "--steps", "15"];
        var reference = await CliRun.InProcess([.. run, "--output", Path.Combine(_root, "reference")]);
        var actors = await CliRun.InProcess([.. run, "--output", Path.Combine(_root, "actors"), "--engine", "actors", "--schedule", "async", "--message-loss", "0.05"]);
        Assert.True(reference.ExitCode == 0 && actors.ExitCode == 0, reference.Error + actors.Error);
        var (a, r) = (Costs(Path.Combine(_root, "actors")), Costs(Path.Combine(_root, "reference")));
        Assert.All(a.Zip(r), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * p.Second, $"{p.First:G9} on the actors, {p.Second:G9} on the reference"));
    }

    [Theory]
    [InlineData("--move n1_1=0.1,0 --target n2_2=0.03,0", "node 'n1_1' is free; only a held node is moved")]
    [InlineData("--move n0_0=0.1,0 --target n0_2=0.03,0", "node 'n0_2' is held; an output must be free to move")]
    [InlineData("--move n0_0=0.1,0 --target nX=0.03,0", "unknown node 'nX'")]
    [InlineData("--move n0_0=0.1,0 --target n2_2=0.03", "expected NODE=DX,DY")]
    [InlineData("--move n0_0=0.1,0 --target n2_2=0.03,0 --range 2,1", "--range 2,1: expected MIN,MAX")]
    [InlineData("--move n0_0=0.1,0 --target n2_2=0.03,0 --eta 0", "--eta")]
    [InlineData("--move n0_0=0.1,0 --target n2_2=0.03,0 --omega 1.5", "springs-train: --omega is an option of the actor engine; add --engine actors")]
    [InlineData("--target n2_2=0.03,0", "--move")]
    public async Task Bad_input_is_one_line_with_exit_2_and_nothing_written(string options, string message)
    {
        var folder = Path.Combine(_root, "never");
        CliRun.AssertBadInput(await CliRun.InProcess(["springs-train", CliRun.DataFile("springs-3x3.json"), .. options.Split(' '), "--output", folder]), message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task An_output_folder_in_use_is_refused_without_force()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "used")).FullName;
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "an earlier run");
        string[] run = ["springs-train", CliRun.DataFile("springs-3x3.json"), .. Task, "--steps", "3", "--output", folder];
        CliRun.AssertBadInput(await CliRun.InProcess(run), "exists; add --force");
        Assert.Equal(["keep.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(0, (await CliRun.InProcess([.. run, "--force"])).ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "network.json")));
    }

    [GeneratedRegex(@"^dotnet run --project src/Clln\.Cli -- (?<args>springs-train [^#]*)")]
    private static partial Regex ReadmeLine();

    /// <summary>The README's springs-train line runs as shown on both engines (to a folder of the test's own).</summary>
    [Fact]
    public async Task The_readmes_command_runs_on_both_engines()
    {
        var line = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "README.md")).Select(l => ReadmeLine().Match(l.Trim())).Single(m => m.Success);
        var args = line.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.StartsWith("data/") ? CliRun.DataFile(a[5..]) : a).ToArray();
        foreach (var engine in new[] { "reference", "actors" })
        {
            var result = await CliRun.InProcess([.. args, "--output", Path.Combine(_root, engine), "--engine", engine]);
            Assert.True(result.ExitCode == 0, $"{engine}: {result.Error}");
            Assert.Contains("decades", result.Out);
        }
    }
}
