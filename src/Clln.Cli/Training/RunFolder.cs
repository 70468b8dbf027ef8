using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clln.Cli.Reporting;
using Clln.Core.Experiments;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Cli.Training;

/// <summary>
/// The output folder of a training run. Every file is written atomically, so a reader or a crash
/// never sees half of one; metrics.csv grows by a row per epoch, the checkpoint at a cadence.
/// </summary>
public sealed class RunFolder(string path)
{
    public const string Config = "config.json";
    public const string Metrics = "metrics.csv";
    public const string Summary = "summary.json";

    /// <summary>Every edge's learned value at the end of every epoch so far (networks of up to <see cref="HistoryEdgeLimit"/> edges): the live view replays the network from it.</summary>
    public const string History = "learned_values.csv";

    /// <summary>The most edges whose every epoch is kept in <see cref="History"/>: beyond, a row an epoch would outweigh the rest of the run's files.</summary>
    public const int HistoryEdgeLimit = 5000;

    /// <summary>A cluster run's members after the last epoch: per member its partitions, actors and messages, and every member lost so far.</summary>
    public const string ClusterMembers = "cluster.json";
    public const string TrainedNetwork = "network.json";
    public const string LossPlot = "loss.png";
    public const string AccuracyPlot = "accuracy.png";
    public const string TaskLossPlot = "task_losses.png";
    public const string NetworkPlot = "network.png";
    public const string ErrorComponentsPlot = "error-components.png";
    public const string DecisionBoundaryPlot = "decision-boundary.png";

    private static readonly string[] RunFiles = [Config, Metrics, Summary, TrainedNetwork, Checkpoint.FileName, LossPlot, AccuracyPlot, NetworkPlot, ErrorComponentsPlot, DecisionBoundaryPlot];

    public string Path { get; } = path;

    /// <summary>The link (runs/latest) to point at this folder once the run has written to it; null for a folder the user named.</summary>
    public string? Latest { get; init; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Starts a new run here: files of an earlier run in this folder are removed first, so none is mistaken for this run's.</summary>
    public bool StartFresh(Experiment experiment)
    {
        Directory.CreateDirectory(Path);
        var replaced = false;
        foreach (var name in RunFiles)
        {
            if (!System.IO.File.Exists(File(name))) continue;
            System.IO.File.Delete(File(name));
            replaced = true;
        }
        WriteConfig(experiment);
        return replaced;
    }

    /// <summary>config.json: the experiment, and which clln ran it (a reserved field that reading the file back ignores).</summary>
    public void WriteConfig(Experiment experiment) => AtomicFile.WriteAllText(File(Config), ExperimentFields.Write(experiment, (BuildInfo.Version, BuildInfo.Commit)));

    /// <param name="taskNames">With a task list, its names (each row ends with the task trained and every task's test loss).</param>
    public void WriteMetrics(IEnumerable<EpochMetrics> rows, IReadOnlyList<string>? taskNames = null) =>
        AtomicFile.WriteAllText(File(Metrics), EpochMetrics.CsvHeaderFor(rows, taskNames) + "\n" + string.Concat(rows.Select(r => r.ToCsv() + "\n")));

    /// <summary>edge_drift.csv: per edge, its learned value at the end and how far it still moved a training step, on average, over the run's last epochs.</summary>
    public void WriteDrift(Network network, double[] learnedValues, double[] driftPerStep) =>
        AtomicFile.WriteAllText(File(EdgeDrift), "edge,from,to,learned_value,drift_per_step\n" + string.Concat(network.Edges.Select((e, j) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.Name},{network.Nodes[e.From].Name},{network.Nodes[e.To].Name},{learnedValues[j]:R},{driftPerStep[j]:R}\n"))));

    public const string EdgeDrift = "edge_drift.csv";

    public void WriteCheckpoint(Checkpoint checkpoint) => AtomicFile.WriteAllBytes(File(Checkpoint.FileName), checkpoint.ToBytes());

    public Checkpoint ReadCheckpoint()
    {
        var file = File(Checkpoint.FileName);
        if (!System.IO.File.Exists(file)) throw new BadInputException($"{file}: no checkpoint to resume from");
        return Checkpoint.FromBytes(InputFile.ReadAllBytes(file), file);
    }

    public void WriteNetwork(Network network) => AtomicFile.WriteAllText(File(TrainedNetwork), NetworkJson.Write(network));

    // JSON has no NaN or infinity: a figure that is not a number (a loss with every output
    // floating after damage, a reduction from a zero loss) is written as null, which Python and
    // spreadsheets read as missing.
    private static readonly JsonSerializerOptions SummaryJson = new() { Converters = { new NonFiniteAsNull() } };

    private sealed class NonFiniteAsNull : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }

    public void WriteSummary(IReadOnlyDictionary<string, object?> summary) => WriteJson(Summary, summary);

    /// <summary>
    /// Starts <see cref="History"/> at epoch <paramref name="epoch"/>'s learned values: a fresh run's
    /// header and first row, or a resumed run's rows before that epoch (what a stopped run wrote
    /// past its checkpoint goes) and then its row. Nothing for networks over the limit.
    /// </summary>
    public void StartHistory(Network network, int epoch, double[] learnedValues)
    {
        if (network.EdgeCount > HistoryEdgeLimit) return;
        var header = "epoch," + string.Join(',', network.Edges.Select(e => e.Name.Replace(',', ';')));
        var path = File(History);
        var kept = System.IO.File.Exists(path)
            ? System.IO.File.ReadLines(path).Skip(1).Where(l => int.TryParse(l.Split(',')[0], CultureInfo.InvariantCulture, out var e) && e < epoch).ToList()
            : [];
        AtomicFile.WriteAllText(path, string.Concat(new[] { header }.Concat(kept).Append(HistoryRow(epoch, learnedValues)).Select(l => l + "\n")));
    }

    /// <summary>Appends epoch <paramref name="epoch"/>'s learned values to <see cref="History"/> (when it was started).</summary>
    public void AppendHistory(int epoch, double[] learnedValues)
    {
        var path = File(History);
        if (System.IO.File.Exists(path)) System.IO.File.AppendAllText(path, HistoryRow(epoch, learnedValues) + "\n");
    }

    private static string HistoryRow(int epoch, double[] values) =>
        epoch.ToString(CultureInfo.InvariantCulture) + "," + string.Join(',', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>A cluster run's members as they stand after an epoch (see <see cref="ClusterMembers"/>): what hosts what, and the losses so far.</summary>
    public void WriteCluster(IReadOnlyDictionary<string, object?> members) => WriteJson(ClusterMembers, members);

    private void WriteJson(string name, IReadOnlyDictionary<string, object?> content)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            JsonSerializer.Serialize(json, content, SummaryJson);
        AtomicFile.WriteAllText(File(name), Encoding.UTF8.GetString(stream.ToArray()) + "\n");
    }

    public void WritePlots(IReadOnlyList<EpochMetrics> rows, bool classification, PreparedRun run, double[] initialConductances, double[] finalConductances)
    {
        Plots.Loss(rows, File(LossPlot));
        if (classification) Plots.Accuracy(rows, File(AccuracyPlot));
        Plots.Network(run.Topology, run.Network, initialConductances, finalConductances, File(NetworkPlot), Plots.NodeLabels(run));
    }

    /// <summary>
    /// The task's own pictures: the error components of the nonlinear regression, and the decision
    /// boundary of a two-input, two-output classifier (O = O+ - O-) over the input range.
    /// </summary>
    public void WriteTaskPlots(IReadOnlyList<EpochMetrics> rows, PreparedRun run, Network trained)
    {
        if (rows.Any(r => r.ErrorComponents is not null)) Gen2Plots.ErrorComponents([rows], File(ErrorComponentsPlot));
        if (run.Experiment.Tasks is not null) Plots.TaskLosses(rows, run.Tasks.Select(t => t.Name).ToArray(), File(TaskLossPlot));
        if (run.Task is Core.Tasks.ClassificationTask { ClassNames.Length: 2 } task && run.InputNodes.Length == 2 && run.OutputNodes.Length == 2)
        {
            var map = DecisionMap.Compute(trained, run.InputNodes, run.OutputNodes, run.Experiment.InputLow, run.Experiment.InputHigh, resolution: 61);
            Gen2Plots.DecisionBoundary(map, task, File(DecisionBoundaryPlot));
        }
    }
}
