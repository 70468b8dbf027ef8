using Clln.Cli.Output;
using Clln.Cli.Training;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Cli.Tests;

/// <summary>
/// Paths that cannot be read or written, folders that exist, and values no circuit holds: each
/// one line naming the path or field, exit 2, nothing written; and where runs go without --output.
/// </summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-paths-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    private static readonly string[] ShortRun = ["--engine", "reference", "--train-per-class", "2", "--epochs", "1"];

    private static string[] Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {File.GetLastWriteTimeUtc(p).Ticks} {new FileInfo(p).Length}" : p).ToArray();

    [Theory]
    [InlineData("/proc/clln-test/run", "/proc/clln-test/run: cannot write there: /proc takes no new files")]
    [InlineData("/sys/clln-test", "/sys/clln-test: cannot write there: ")]
    public async Task Train_and_sweep_refuse_an_output_under_proc_or_sys(string output, string expected)
    {
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. ShortRun, "--output", output]), expected);
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", SweepFile(), "--output", output), expected);
    }

    [Fact]
    public async Task Train_and_sweep_refuse_a_file_as_their_folder_or_in_its_way()
    {
        var file = Folder("a-file");
        File.WriteAllText(file, "mine");
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. ShortRun, "--output", file]), $"{file}: is a file, not a folder; choose another --output");
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. ShortRun, "--output", file, "--force"]), $"{file}: is a file, not a folder");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", SweepFile(), "--output", file), $"{file}: is a file, not a folder");
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. ShortRun, "--output", Path.Combine(file, "run")]), $"{Path.Combine(file, "run")}: {file} is a file, not a folder");
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task A_named_folder_that_holds_a_run_is_refused_unless_forced()
    {
        var output = Folder("run");
        Assert.Equal(0, (await CliRun.InProcess(["train", .. ShortRun, "--output", output])).ExitCode);
        var before = Snapshot(output);
        CliRun.AssertBadInput(await CliRun.InProcess(["train", .. ShortRun, "--output", output]),
            $"{output}: exists; add --force to replace the run there, or choose another --output");
        Assert.Equal(before, Snapshot(output));
        var forced = await CliRun.InProcess(["train", .. ShortRun, "--seed", "2", "--output", output, "--force"]);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains($"clln: warning: replacing the earlier run in {output}", forced.Error);
        // The experiment file's output names a folder as --output does.
        var experiment = Folder("e.json");
        File.WriteAllText(experiment, $$"""{"engine": "reference", "train_per_class": 2, "epochs": 1, "output": "{{output.Replace("\\", "\\\\")}}"}""");
        CliRun.AssertBadInput(await CliRun.InProcess("train", experiment), $"{output}: exists; add --force");
        // An empty folder holds no run to lose: it is used as it is.
        var empty = Directory.CreateDirectory(Folder("empty")).FullName;
        Assert.Equal(0, (await CliRun.InProcess(["train", .. ShortRun, "--output", empty])).ExitCode);
        Assert.True(File.Exists(Path.Combine(empty, "summary.json")));
    }

    [Fact]
    public async Task Export_refuses_a_folder_or_an_unwritable_path_and_writes_nothing()
    {
        var source = CliRun.DataFile("lattice-4x4.json");
        CliRun.AssertBadInput(await CliRun.InProcess("export", source, _directory), $"{_directory}: is a folder; give a file name");
        CliRun.AssertBadInput(await CliRun.InProcess("export", source, "/proc/clln-test.cir"), "/proc/clln-test.cir: cannot write: ");
        var file = Folder("a-file");
        File.WriteAllText(file, "mine");
        CliRun.AssertBadInput(await CliRun.InProcess("export", source, Path.Combine(file, "x.json")), $"{Path.Combine(file, "x.json")}: ");
        Assert.Equal([file], Directory.GetFileSystemEntries(_directory));
        CliRun.AssertBadInput(await CliRun.InProcess("export", _directory, Folder("out.json")), $"{_directory}: is a folder, not a file");
        CliRun.AssertBadInput(await CliRun.InProcess("solve", _directory), $"{_directory}: is a folder, not a file");
        CliRun.AssertBadInput(await CliRun.InProcess("train", _directory), $"{_directory}: is a folder, not a file");
        CliRun.AssertBadInput(await CliRun.InProcess("sweep", _directory), $"{_directory}: is a folder, not a file");
    }

    /// <summary>The reported network: 1e300 V across 1e308 Ω; solved, its voltages were NaN. Now refused when read.</summary>
    [Theory]
    [InlineData("json")]
    [InlineData("table")]
    public async Task Solve_refuses_values_beyond_double_arithmetic_in_either_format(string format)
    {
        var file = Folder("huge.json");
        File.WriteAllText(file, """
            {"nodes": [{"name": "a", "role": "input", "voltage": 1e300}, {"name": "m", "role": "output"}, {"name": "g", "role": "ground"}],
             "edges": [{"name": "r1", "from": "a", "to": "m", "resistance": 1e308}, {"name": "r2", "from": "m", "to": "g", "resistance": 1e308}]}
            """);
        CliRun.AssertBadInput(await CliRun.InProcess("solve", file, "--format", format), $"{file}: nodes[0].voltage: must be within ±1e100 V, not 1E+300");
        File.WriteAllText(file, File.ReadAllText(file).Replace("1e300", "1"));
        CliRun.AssertBadInput(await CliRun.InProcess("solve", file, "--format", format), $"{file}: edges[0].resistance: must be from 1e-100 to 1e100 ohms, not 1E+308");
    }

    [Fact]
    public void An_equilibrium_that_is_not_a_number_is_named_by_its_first_bad_value()
    {
        var network = NetworkJson.Read("""{"nodes": [{"name": "a", "role": "input", "voltage": 1}, {"name": "g", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "g", "conductance": 1}]}""", "n.json");
        var good = ReferenceSolver.Solve(network);
        Assert.Null(EquilibriumReport.NonFinite(network, good));
        Assert.Equal("node g: voltage NaN", EquilibriumReport.NonFinite(network, good with { Voltages = [1, double.NaN] }));
        Assert.Equal("edge r: current Infinity", EquilibriumReport.NonFinite(network, good with { Currents = [double.PositiveInfinity] }));
        Assert.Equal("power -Infinity", EquilibriumReport.NonFinite(network, good with { Power = double.NegativeInfinity }));
    }

    [Fact]
    public void Timestamped_folders_are_unique_within_one_second()
    {
        var at = new DateTime(2026, 12, 6, 17, 45, 1, DateTimeKind.Utc);
        var first = OutputFolder.CreateTimestamped(_directory, "iris", at);
        var second = OutputFolder.CreateTimestamped(_directory, "iris", at);
        var third = OutputFolder.CreateTimestamped(_directory, "my exp", at);
        Assert.Equal(Path.Combine(_directory, "iris-20261206-174501"), first);
        Assert.Equal(Path.Combine(_directory, "iris-20261206-174501-2"), second);
        Assert.Equal(Path.Combine(_directory, "my_exp-20261206-174501"), third);
        OutputFolder.RemoveIfEmpty(first);
        Assert.False(Directory.Exists(first));
    }

    [Fact]
    public void Latest_is_a_link_replaced_by_the_next_run_and_an_old_latest_folder_is_left_alone()
    {
        var (a, b) = (Directory.CreateDirectory(Folder("a-1")).FullName, Directory.CreateDirectory(Folder("b-2")).FullName);
        var latest = Folder("latest");
        Assert.Null(OutputFolder.PointLatest(latest, a));
        Assert.Equal("a-1", new FileInfo(latest).LinkTarget);
        Assert.Null(OutputFolder.PointLatest(latest, b));
        Assert.Equal("b-2", new FileInfo(latest).LinkTarget);
        Assert.Equal(latest, OutputFolder.Follow(latest));

        // Where no link could be made: a small file naming the folder, which --resume follows.
        File.Delete(latest);
        File.WriteAllText(latest, "a-1\n");
        Assert.Equal(Path.Combine(_directory, "a-1"), OutputFolder.Follow(latest));

        File.Delete(latest);
        Directory.CreateDirectory(Path.Combine(latest, "old-run"));
        Assert.Contains("is a folder of an earlier run, so it was left as it is", OutputFolder.PointLatest(latest, a));
        Assert.True(Directory.Exists(Path.Combine(latest, "old-run")));
    }

    /// <summary>Without --output every run gets its own folder, named by the experiment file or the task, and runs/latest follows the newest.</summary>
    [Fact]
    public void Without_output_each_run_gets_its_own_folder_and_latest_points_to_the_newest()
    {
        var experiment = Folder("small-iris.json");
        File.WriteAllText(experiment, """{"engine": "reference", "train_per_class": 2, "epochs": 1}""");
        foreach (var args in new[] { (string[])["train", .. ShortRun], ["train", .. ShortRun], ["train", experiment] })
        {
            var result = CliRun.AsProcessIn(_directory, args);
            Assert.True(result.ExitCode == 0, result.Error);
        }
        string[] Runs() => Directory.GetDirectories(Path.Combine(_directory, "runs")).Select(p => Path.GetFileName(p)!).Where(n => n != "latest").Order(StringComparer.Ordinal).ToArray();
        var runs = Runs();
        Assert.Equal(3, runs.Length);
        Assert.Matches(@"^iris-\d{8}-\d{6}(-2)?$", runs[0]);
        Assert.Matches(@"^iris-\d{8}-\d{6}(-2)?$", runs[1]);
        Assert.Matches(@"^small-iris-\d{8}-\d{6}$", runs[2]);
        Assert.Equal(runs[2], new FileInfo(Path.Combine(_directory, "runs", "latest")).LinkTarget);
        Assert.All(runs, run => Assert.True(File.Exists(Path.Combine(_directory, "runs", run, "summary.json"))));

        var resumed = CliRun.AsProcessIn(_directory, "train", "--resume", "runs/latest", "--epochs", "2");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(_directory, "runs", runs[2], "metrics.csv")).Length); // header, epochs 0 to 2

        // A run refused at once leaves no folder behind, nor runs/ when it made that.
        Assert.Equal(2, CliRun.AsProcessIn(_directory, "train", "--eta", "12").ExitCode);
        Assert.Equal(runs, Runs());
        var elsewhere = Directory.CreateDirectory(Folder("elsewhere")).FullName;
        CliRun.AssertBadInput(CliRun.AsProcessIn(elsewhere, "train", "--eta", "12"), "experiment field eta");
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    /// <summary>A sweep whose file names no output gets a new folder each time, and runs/latest-sweep points to the newest.</summary>
    [Fact]
    public void Without_output_each_sweep_gets_its_own_folder()
    {
        var file = SweepFile();
        var first = CliRun.AsProcessIn(_directory, "sweep", file, "--concurrency", "1");
        Assert.True(first.ExitCode == 0, first.Error);
        var second = CliRun.AsProcessIn(_directory, "sweep", file, "--concurrency", "1");
        Assert.True(second.ExitCode == 0, second.Error);
        var stem = "sweep-" + Path.GetFileNameWithoutExtension(file);
        var sweeps = Directory.GetDirectories(Path.Combine(_directory, "runs")).Select(p => Path.GetFileName(p)!).Where(n => n != "latest-sweep").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, sweeps.Length);
        Assert.All(sweeps, s => Assert.Matches($@"^{stem}-\d{{8}}-\d{{6}}(-2)?$", s));
        Assert.All(sweeps, s => Assert.True(File.Exists(Path.Combine(_directory, "runs", s, "summary.csv"))));
        Assert.Equal(sweeps[1], new FileInfo(Path.Combine(_directory, "runs", "latest-sweep")).LinkTarget);
        Assert.Contains("0 finished earlier", second.Error);
    }

    private string SweepFile()
    {
        var path = Folder($"sweep-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"base": {"engine": "reference", "train_per_class": 2, "epochs": 1}, "sweep": [{"field": "eta", "values": [0.1]}], "seeds": 1}""");
        return path;
    }
}
