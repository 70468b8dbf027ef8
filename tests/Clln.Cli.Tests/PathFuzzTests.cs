using CsCheck;

namespace Clln.Cli.Tests;

/// <summary>
/// Every command over generated paths of every awkward kind: the exit code is 0 or 2, a failure is
/// one line on standard error with no stack trace and nothing on standard output, and a failure
/// writes nothing at all (the temporary tree is as it was). Runs are the shortest there are.
/// </summary>
public sealed class PathFuzzTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>What a generated path is.</summary>
    private enum Kind { Proc, Sys, ExistingFile, FolderWithAFile, EmptyFolder, MissingParent, Fresh, UnderAFile }

    /// <summary>How a command uses the path: as the folder or file it writes, or the file it reads.</summary>
    private enum Use { TrainOutput, SweepOutput, ExportOutput, SolveInput, ExportInput, TrainExperiment }

    private static readonly string[] ShortRun = ["--engine", "reference", "--train-per-class", "2", "--epochs", "1"];

    private const string Network = """{"nodes": [{"name": "a", "role": "input", "voltage": 1}, {"name": "g", "role": "ground"}], "edges": [{"name": "r", "from": "a", "to": "g", "conductance": 1}]}""";

    /// <summary>
    /// Every command, every kind of path and with and without --force (all of them, so none is left
    /// to chance), each time under a generated name: spaces, dots, dashes, letters beyond ASCII.
    /// </summary>
    [Fact]
    public async Task Every_command_over_every_kind_of_path_exits_0_or_2_in_one_line_leaving_nothing_on_failure()
    {
        var names = Gen.Char["abcXYZ019 ._-éΩ"].Array[1, 12].Select(c => new string(c).Trim()).Where(n => n.Length > 0 && n != "." && n != "..");
        var cases = (from use in Enum.GetValues<Use>() from kind in Enum.GetValues<Kind>() from force in new[] { false, true } select (use, kind, force)).ToArray();
        var sample = 0;
        await names.SampleAsync(async name =>
        {
            foreach (var (use, kind, force) in cases)
                await AssertCase(Directory.CreateDirectory(Path.Combine(_directory, $"s{++sample}")).FullName, name, use, kind, force);
        }, iter: 2, threads: 1);
    }

    private static async Task AssertCase(string root, string name, Use use, Kind kind, bool force)
    {
        var isInput = use is Use.SolveInput or Use.ExportInput or Use.TrainExperiment;
        var path = MakePath(root, name, kind, isInput ? (use == Use.TrainExperiment ? """{"engine": "reference", "train_per_class": 2, "epochs": 1}""" : Network) : null);
        var sweep = Path.Combine(root, "sweep.json");
        File.WriteAllText(sweep, """{"base": {"engine": "reference", "train_per_class": 2, "epochs": 1}, "sweep": [{"field": "eta", "values": [0.1]}], "seeds": 1}""");
        string[] args = use switch
        {
            Use.TrainOutput => ["train", .. ShortRun, "--output", path, .. force ? ["--force"] : Array.Empty<string>()],
            Use.SweepOutput => ["sweep", sweep, "--output", path, .. force ? ["--force"] : Array.Empty<string>()],
            Use.ExportOutput => ["export", CliRun.DataFile("lattice-4x4.json"), path],
            Use.SolveInput => ["solve", path, "--format", force ? "json" : "table"],
            Use.ExportInput => ["export", path, Path.Combine(root, "out.cir")],
            _ => ["train", path, "--output", Path.Combine(root, "run"), "--epochs", "1"],
        };
        var before = Snapshot(root);
        var result = await CliRun.InProcess(args);
        var what = $"{string.Join(' ', args)} -> {result.ExitCode}: {result.Error}";

        Assert.True(result.ExitCode is 0 or 2, what);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.True((result.ExitCode == 0) == ExpectSuccess(use, kind, force), what);
        if (result.ExitCode == 0) return;
        Assert.Equal("", result.Out);
        var line = result.Error.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.StartsWith("clln: error: ", line);
        Assert.Equal(before, Snapshot(root));
    }

    /// <summary>Which generated cases must work: a writable place for an output, a valid file for an input.</summary>
    private static bool ExpectSuccess(Use use, Kind kind, bool force) => use switch
    {
        Use.SolveInput or Use.ExportInput or Use.TrainExperiment => kind == Kind.Fresh,
        Use.ExportOutput => kind is Kind.Fresh or Kind.MissingParent or Kind.ExistingFile,
        _ => kind is Kind.Fresh or Kind.MissingParent or Kind.EmptyFolder || (kind == Kind.FolderWithAFile && force),
    };

    /// <summary>A path of <paramref name="kind"/> under <paramref name="root"/>, named from <paramref name="stem"/>; for an input, <paramref name="valid"/> is what a fresh file holds.</summary>
    private static string MakePath(string root, string stem, Kind kind, string? valid)
    {
        var name = stem + ".json";
        switch (kind)
        {
            case Kind.Proc: return valid is null ? "/proc/clln-fuzz/out.json" : "/proc/self/status";
            case Kind.Sys: return "/sys/clln-fuzz.json";
            case Kind.ExistingFile:
                File.WriteAllText(Path.Combine(root, name), "not what was asked for");
                return Path.Combine(root, name);
            case Kind.FolderWithAFile:
                File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(root, stem)).FullName, "keep.txt"), "mine");
                return Path.Combine(root, stem);
            case Kind.EmptyFolder: return Directory.CreateDirectory(Path.Combine(root, stem)).FullName;
            case Kind.MissingParent: return Path.Combine(root, "no", "such", name);
            case Kind.UnderAFile:
                File.WriteAllText(Path.Combine(root, stem), "a file");
                return Path.Combine(root, stem, name);
            default:
                if (valid is not null) File.WriteAllText(Path.Combine(root, name), valid);
                return Path.Combine(root, name);
        }
    }

    private static string[] Snapshot(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{p} {File.GetLastWriteTimeUtc(p).Ticks} {new FileInfo(p).Length}" : p).ToArray();
}
