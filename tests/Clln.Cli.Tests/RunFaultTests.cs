using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clln.Core.Training;

namespace Clln.Cli.Tests;

/// <summary>
/// A run folder survives what goes wrong around a run: a damaged checkpoint or one holding a
/// value no run leaves, SIGTERM, a run that fails part-way or before it starts, and noise that
/// keeps phases from being certified.
/// </summary>
public sealed class RunFaultTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-faults-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Folder(string name) => Path.Combine(_directory, name);

    private static JsonElement Summary(string folder) => JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json"))).RootElement;

    private static readonly string[] RunFiles = ["config.json", "metrics.csv", "summary.json", "network.json", "checkpoint.msgpack", "loss.png", "accuracy.png", "network.png"];

    /// <summary>Every file of a folder with its contents: what a refused command must leave as it was.</summary>
    private static Dictionary<string, string> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>The folder holds a whole run that resumes: every result file, summary.json, metrics.csv and the checkpoint at the same last epoch.</summary>
    private static void AssertComplete(string folder, int epochs)
    {
        foreach (var file in RunFiles) Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} missing");
        Assert.Equal(epochs, Summary(folder).GetProperty("epochs").GetInt32());
        Assert.Equal(epochs, int.Parse(File.ReadAllLines(Path.Combine(folder, "metrics.csv"))[^1].Split(',')[0]));
        var checkpoint = Path.Combine(folder, "checkpoint.msgpack");
        Assert.Equal(epochs, Checkpoint.FromBytes(File.ReadAllBytes(checkpoint), checkpoint).Epoch);
    }

    [Fact]
    public async Task A_damaged_checkpoint_or_one_holding_a_value_no_run_leaves_is_refused_in_one_line_and_nothing_is_written()
    {
        var output = Folder("run");
        Assert.Equal(0, (await CliRun.InProcess("train", "--train-per-class", "2", "--epochs", "1", "--seed", "3", "--output", output)).ExitCode);
        var file = Path.Combine(output, "checkpoint.msgpack");
        var good = File.ReadAllBytes(file);
        // The format docs/formats.md gives: 8 bytes CLLN-CK1, the SHA-256 of the payload, the MessagePack payload.
        Assert.Equal("CLLN-CK1"u8.ToArray(), good[..8]);
        Assert.Equal(SHA256.HashData(good[40..]), good[8..40]);
        var checkpoint = Checkpoint.FromBytes(good, file);
        var firstEdge = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "network.json"))).RootElement.GetProperty("edges")[0].GetProperty("name").GetString();
        double[] With(int edge, double value)
        {
            var values = checkpoint.LearnedValues.ToArray();
            values[edge] = value;
            return values;
        }
        var flipped = good.ToArray();
        flipped[^3] ^= 0x10;
        (byte[] Bytes, string Message)[] cases =
        [
            (flipped, "damaged: its contents do not match their SHA-256 checksum"),
            (good[..^1], "damaged: its contents do not match their SHA-256 checksum"),
            ((checkpoint with { LearnedValues = With(2, double.NaN) }).ToBytes(), "edge 2: learned value NaN is not a finite number"),
            ((checkpoint with { LearnedValues = With(2, double.PositiveInfinity) }).ToBytes(), "edge 2: learned value Infinity is not a finite number"),
            ((checkpoint with { LearnedValues = With(0, -1e-3) }).ToBytes(), $"edge {firstEdge}: learned value -0.001: a conductance must be positive and finite"),
            ((checkpoint with { LearnedValues = checkpoint.LearnedValues[1..] }).ToBytes(), $"holds {checkpoint.LearnedValues.Length - 1} learned values for the {checkpoint.LearnedValues.Length} edges"),
            ((checkpoint with { Voltages = checkpoint.Voltages! with { Free = [double.NegativeInfinity, .. checkpoint.Voltages.Free[1..]] } }).ToBytes(), "the settled voltages are not finite numbers"),
            ((checkpoint with { MetricsRows = [checkpoint.MetricsRows[0], "1,0.1,oops"] }).ToBytes(), "unreadable metrics rows"),
            ((checkpoint with { MetricsRows = [checkpoint.MetricsRows[0], checkpoint.MetricsRows[1].Replace("0.", "x.")] }).ToBytes(), "unreadable metrics rows"),
            ((checkpoint with { Epoch = 4 }).ToBytes(), "the metrics rows do not run from epoch 0 to the checkpoint's epoch 4"),
            ("CLLN-CK1"u8.ToArray(), "damaged"),
            ([0x93, 0x01], "not a readable checkpoint"),
        ];
        foreach (var (bytes, message) in cases)
        {
            File.WriteAllBytes(file, bytes);
            var before = Snapshot(output);
            CliRun.AssertBadInput(await CliRun.InProcess("train", "--resume", output, "--epochs", "2"), $"{file}: {message}");
            Assert.Equal(before, Snapshot(output));
        }

        // A checkpoint written before checkpoints carried a checksum (the bare payload) still resumes.
        File.WriteAllBytes(file, good[40..]);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", output, "--epochs", "2")).ExitCode);
        AssertComplete(output, 2);
    }

    /// <summary>
    /// SIGTERM (what `timeout` and `docker stop` send) stops a real `clln train` process as
    /// Ctrl-C does: exit code 143, every finished epoch kept, summary.json and network.json
    /// written, and the folder resumes.
    /// </summary>
    [Fact(Timeout = 180_000)]
    public async Task SIGTERM_stops_a_training_process_cleanly_and_the_folder_resumes()
    {
        var output = Folder("terminated");
        var metrics = Path.Combine(output, "metrics.csv");
        using var process = CliRun.Start("train", "--train-per-class", "2", "--seed", "5", "--epochs", "300", "--output", output);
        var error = process.StandardError.ReadToEndAsync();
        var printed = process.StandardOutput.ReadToEndAsync();
        // Should the test itself time out, the process dies anyway.
        using var reaper = new CancellationTokenSource(TimeSpan.FromSeconds(170));
        using var reaping = reaper.Token.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
        // Once the first epoch is done (header, epoch 0, epoch 1).
        while (!File.Exists(metrics) || File.ReadAllLines(metrics).Length < 3)
        {
            if (process.HasExited) Assert.Fail($"clln ended before SIGTERM: {await error}");
            await Task.Delay(20);
        }
        using (var kill = Process.Start("kill", ["-TERM", $"{process.Id}"])!) await kill.WaitForExitAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 143, $"exit code {process.ExitCode}: {await error}");
        Assert.Contains("clln: interrupted after", await error);
        Assert.StartsWith("epoch ", await printed);

        var summary = Summary(output);
        Assert.True(summary.GetProperty("interrupted").GetBoolean());
        Assert.Equal("interrupted", summary.GetProperty("stopped").GetString());
        var finished = summary.GetProperty("epochs").GetInt32();
        Assert.InRange(finished, 1, 299);
        AssertComplete(output, finished);
        var kept = File.ReadAllLines(metrics);
        Assert.Equal(finished + 2, kept.Length);

        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", output, "--epochs", $"{finished + 1}")).ExitCode);
        AssertComplete(output, finished + 1);
        Assert.Equal(kept, File.ReadAllLines(metrics)[..kept.Length]);
        Assert.True(Summary(output).GetProperty("stopped").ValueKind == JsonValueKind.Null);
    }

    /// <summary>
    /// A run that fails part-way (here learning steps so large, alpha 1e300, that the conductances
    /// leave every number; the reference solver then fails) keeps its finished epochs as a
    /// complete folder whose summary.json says why, exits 1 with one line, and resumes: with the
    /// experiment put right, to the result of a run that never failed.
    /// </summary>
    [Fact]
    public async Task A_run_that_fails_part_way_leaves_a_complete_folder_that_says_why_and_resumes()
    {
        string[] common = ["train", "--engine", "reference", "--seed", "3"];
        Assert.Equal(0, (await CliRun.InProcess([.. common, "--epochs", "3", "--output", Folder("straight")])).ExitCode);
        var output = Folder("failed");
        Assert.Equal(0, (await CliRun.InProcess([.. common, "--epochs", "1", "--output", output])).ExitCode);
        var config = Path.Combine(output, "config.json");
        var experiment = File.ReadAllText(config);
        var broken = JsonNode.Parse(experiment)!;
        broken["alpha"] = 1e300;
        broken["k_max"] = 1e300;
        File.WriteAllText(config, broken.ToJsonString());

        var result = await CliRun.InProcess("train", "--resume", output, "--epochs", "3");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Out);
        var line = Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("clln: error: ", line);
        Assert.EndsWith($"the 1 finished epochs are kept: clln train --resume {output} continues the run", line);
        AssertComplete(output, 1);
        var summary = Summary(output);
        Assert.False(summary.GetProperty("interrupted").GetBoolean());
        Assert.Contains(summary.GetProperty("stopped").GetString()!, line);

        File.WriteAllText(config, experiment);
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", output, "--epochs", "3")).ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(Folder("straight"), "network.json")), File.ReadAllText(Path.Combine(output, "network.json")));
    }

    /// <summary>A run stopped before its starting state is measured writes nothing: an earlier run in its folder stays as it was.</summary>
    [Fact]
    public async Task A_run_stopped_before_it_starts_leaves_the_folder_as_it_was()
    {
        var output = Folder("earlier");
        Assert.Equal(0, (await CliRun.InProcess("train", "--engine", "reference", "--epochs", "1", "--output", output)).ExitCode);
        var before = Snapshot(output);
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();
        var code = await CllnApp.RunAsync(["train", "--train-per-class", "2", "--epochs", "1", "--output", output, "--force"], new StringWriter(), new StringWriter(), stopped.Token);
        Assert.Equal(130, code);
        Assert.Equal(before, Snapshot(output));
        Assert.Equal(0, (await CliRun.InProcess("train", "--resume", output, "--epochs", "2")).ExitCode);
    }

    /// <summary>
    /// A phase that outlasts the user's --phase-time-limit stops the run, saying so in one line
    /// (exit 1); before the first epoch is measured nothing is written. A limit that is no time is bad input.
    /// </summary>
    [Fact]
    public async Task A_phase_past_its_time_limit_stops_the_run_saying_so()
    {
        var output = Folder("time-limit");
        var result = await CliRun.InProcess("train", "--epochs", "1", "--phase-time-limit", "0.0001", "--output", output);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ran past its time limit of 0.0001 s", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "a run stopped before its first measurement wrote files");
        CliRun.AssertBadInput(await CliRun.InProcess("train", "--phase-time-limit", "0", "--output", Folder("zero-limit")), "phase_time_limit");
    }

    /// <summary>
    /// Noise on every link keeps every phase from being certified within the tolerance: each
    /// metrics row counts them (epoch 0 measures the 6 training and 144 test samples of Iris once
    /// each; an epoch takes two phases a training step besides), and summary.json says the run
    /// was not certified, with the largest error bound reached, well above the tolerance.
    /// </summary>
    [Fact]
    public async Task Link_noise_is_counted_as_uncertified_phases_in_the_metrics_and_the_summary()
    {
        var output = Folder("noisy");
        Assert.Equal(0, (await CliRun.InProcess("train", "--link-noise", "1e-4", "--train-per-class", "2", "--epochs", "1", "--output", output)).ExitCode);
        var lines = File.ReadAllLines(Path.Combine(output, "metrics.csv"));
        var header = lines[0].Split(',');
        long Cell(string line, string column) => long.Parse(line.Split(',')[Array.IndexOf(header, column)]);
        Assert.Equal(150, Cell(lines[1], "uncertified_phases"));
        Assert.Equal(150 + 2 * 6, Cell(lines[2], "uncertified_phases"));
        var summary = Summary(output);
        Assert.False(summary.GetProperty("certified").GetBoolean());
        Assert.Equal(312, summary.GetProperty("uncertified_phases").GetInt64());
        Assert.InRange(summary.GetProperty("largest_error_bound_v").GetDouble(), 1e-4, 1);

        var clean = Folder("clean");
        Assert.Equal(0, (await CliRun.InProcess("train", "--train-per-class", "2", "--epochs", "1", "--output", clean)).ExitCode);
        Assert.True(Summary(clean).GetProperty("certified").GetBoolean());
        Assert.Equal(0, Summary(clean).GetProperty("uncertified_phases").GetInt64());
        Assert.InRange(Summary(clean).GetProperty("largest_error_bound_v").GetDouble(), 0, 1e-9);
    }
}
