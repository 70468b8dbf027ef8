using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clln.Cli.Training;
using Clln.Core.Damage;
using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Cli.View;

/// <summary>
/// What the live view shows of a run, read from its folder alone (the files a running run writes
/// anyway, so watching never slows it): the network in its layout with every edge's learned value
/// now and at the start, both twins' node voltages where the last checkpoint settled, the metrics
/// of every epoch so far, and summary.json once the run has ended.
/// </summary>
internal static class RunSnapshot
{
    /// <summary>Whether <paramref name="folder"/> holds a run (a readable config.json), else one line naming what is wrong.</summary>
    public static void EnsureRun(string folder)
    {
        if (!Directory.Exists(folder)) throw new BadInputException($"{folder}: no such folder");
        var config = Path.Combine(folder, RunFolder.Config);
        if (!File.Exists(config))
            throw new BadInputException($"{folder}: not a training run's folder (it has no {RunFolder.Config}; try runs/latest)");
        ExperimentFields.ReadFile(config); // a damaged one is refused now, naming its line, not on every page load
    }

    /// <summary>A token that changes whenever the run writes an epoch or ends: the metrics' and summary's size and time.</summary>
    public static string Version(string folder)
    {
        static string Stamp(string path) => File.Exists(path) ? $"{new FileInfo(path).Length}@{File.GetLastWriteTimeUtc(path).Ticks}" : "-";
        return string.Join("/", new[] { RunFolder.Metrics, Checkpoint.FileName, RunFolder.ClusterMembers, RunFolder.Summary }.Select(f => Stamp(Path.Combine(folder, f))));
    }

    /// <summary>The run as JSON for the page; parts not written yet (no epoch, no summary) are null.</summary>
    public static JsonObject Read(string folder)
    {
        var experiment = ExperimentFields.ReadFile(Path.Combine(folder, RunFolder.Config));
        var snapshot = new JsonObject
        {
            ["folder"] = Path.GetFullPath(folder),
            ["task"] = experiment.Task,
            ["engine"] = experiment.Engine,
            ["schedule"] = experiment.Schedule,
            ["rule"] = experiment.Rule,
            ["cluster"] = experiment.Cluster,
        };
        var checkpoint = ReadCheckpoint(folder);
        snapshot["epoch"] = checkpoint?.Epoch;
        snapshot["network"] = Network(experiment, checkpoint);
        snapshot["metrics"] = Metrics(Path.Combine(folder, RunFolder.Metrics));
        snapshot["history"] = History(Path.Combine(folder, RunFolder.History), snapshot["network"]?["edges"]?.AsArray().Count ?? -1);
        var members = Path.Combine(folder, RunFolder.ClusterMembers);
        snapshot["members"] = File.Exists(members) ? JsonNode.Parse(ReadShared(members)) : null;
        var summary = Path.Combine(folder, RunFolder.Summary);
        snapshot["summary"] = File.Exists(summary) ? JsonNode.Parse(ReadShared(summary)) : null;
        return snapshot;
    }

    private static Checkpoint? ReadCheckpoint(string folder)
    {
        var path = Path.Combine(folder, Checkpoint.FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return Checkpoint.FromBytes(File.ReadAllBytes(path), path);
        }
        catch (BadInputException)
        {
            return null; // being replaced this instant, or damaged: the next update reads it again
        }
    }

    /// <summary>
    /// Nodes in the topology's layout with their roles and voltages, edges with their learned
    /// value (siemens, or a gate's volts) now and at the start. The network is rebuilt from
    /// config.json and the seed, as the run built it.
    /// </summary>
    private static JsonObject? Network(Experiment experiment, Checkpoint? checkpoint)
    {
        PreparedRun run;
        try
        {
            run = ExperimentSetup.Prepare(experiment);
        }
        catch (BadInputException)
        {
            return null; // a data file that moved since the run: the curves still show
        }
        var network = run.Network;
        var layout = run.Topology.Layout;
        var initial = network.Edges.Select(e => run.Rule.LearnedValue(e.Element)).ToArray();
        var now = checkpoint is not null && checkpoint.LearnedValues.Length == initial.Length ? checkpoint.LearnedValues : initial;
        var voltages = checkpoint?.Voltages;
        // Damage, once it struck (its metrics row is marked): what it hit, drawn from the epoch it struck at.
        var damageEpoch = checkpoint?.Rows().FirstOrDefault(r => r.Damage)?.Epoch;
        var plan = damageEpoch is null ? DamagePlan.None : run.Damage;
        var dead = plan.DeadNodes.ToHashSet();
        var nodes = new JsonArray();
        for (var i = 0; i < network.NodeCount; i++)
        {
            var node = network.Nodes[i];
            nodes.Add(new JsonObject
            {
                ["name"] = node.Name,
                ["role"] = node.Role.ToString().ToLowerInvariant(),
                ["x"] = layout.Length == network.NodeCount ? layout[i].X : Math.Cos(2 * Math.PI * i / network.NodeCount),
                ["y"] = layout.Length == network.NodeCount ? layout[i].Y : Math.Sin(2 * Math.PI * i / network.NodeCount),
                ["free_v"] = Finite(voltages?.Free.ElementAtOrDefault(i)),
                ["clamped_v"] = Finite(voltages?.Clamped.ElementAtOrDefault(i)),
                ["dead"] = dead.Contains(i),
            });
        }
        var edges = new JsonArray();
        for (var j = 0; j < network.EdgeCount; j++)
            edges.Add(new JsonObject
            {
                ["from"] = network.Edges[j].From, ["to"] = network.Edges[j].To, ["initial"] = initial[j], ["now"] = now[j],
                ["damage"] = plan.Cut.Contains(j) || dead.Contains(network.Edges[j].From) || dead.Contains(network.Edges[j].To) ? "cut"
                    : plan.Shorted.Contains(j) ? "shorted" : plan.Stuck.Contains(j) ? "stuck" : null,
            });
        return new JsonObject
        {
            ["description"] = run.Topology.Description,
            ["unit"] = network.IsLinear ? "S" : "V",
            ["nodes"] = nodes,
            ["edges"] = edges,
            ["voltages_at_epoch"] = voltages is null ? null : checkpoint!.Epoch,
            ["damage_epoch"] = damageEpoch,
        };
    }

    private static double? Finite(double? v) => v is { } x && double.IsFinite(x) ? x : null;

    /// <summary>metrics.csv as column names and numeric rows (an empty cell is null).</summary>
    private static JsonObject? Metrics(string path)
    {
        if (!File.Exists(path)) return null;
        var lines = ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0) return null;
        var columns = lines[0].Split(',');
        var rows = new JsonArray();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length != columns.Length) continue; // a row being written
            var row = new JsonArray();
            foreach (var cell in cells)
                row.Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                    : bool.TryParse(cell, out var b) ? (b ? 1 : 0) : null);
            rows.Add(row);
        }
        return new JsonObject { ["columns"] = new JsonArray(columns.Select(c => (JsonNode)c).ToArray()), ["rows"] = rows };
    }

    /// <summary>Every epoch's learned values (learned_values.csv), by epoch: the rows with one value per edge of the network drawn.</summary>
    private static JsonObject? History(string path, int edges)
    {
        if (!File.Exists(path) || edges <= 0) return null;
        var byEpoch = new JsonObject();
        foreach (var line in ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var cells = line.Split(',');
            if (cells.Length != edges + 1 || !int.TryParse(cells[0], CultureInfo.InvariantCulture, out var epoch)) continue; // being written, or from before damage changed the network
            var values = new JsonArray();
            foreach (var cell in cells.Skip(1))
                values.Add(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);
            byEpoch[epoch.ToString(CultureInfo.InvariantCulture)] = values;
        }
        return byEpoch;
    }

    /// <summary>A file the run may be replacing right now, read without blocking it.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static string ToJson(JsonObject snapshot) => snapshot.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
