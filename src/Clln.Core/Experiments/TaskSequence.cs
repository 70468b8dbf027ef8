using System.Globalization;
using System.Text.Json;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>One task of a sequence: its name, the experiment it is trained as (the run's fields with the task's own over them) and its epochs.</summary>
public sealed record SequencedTask(string Name, Experiment Experiment, int Epochs);

/// <summary>
/// Several tasks trained one after another on the same network (experiment field <c>tasks</c>):
/// each entry sets the fields that say what is learned (task, data, seed, ...) over the run's own
/// fields, and how many epochs it is trained. The network (topology, roles of the nodes, initial
/// conductances) is the first task's; every later task must use the same inputs, outputs and biases.
/// </summary>
/// <remarks>
/// An entry's text form is <c>field=value;field=value</c> (what a flag and config.json's list hold);
/// in an experiment file an entry may also be a JSON object of those fields.
/// </remarks>
public static class TaskSequence
{
    /// <summary>The experiment field holding the list.</summary>
    public const string Field = "tasks";

    /// <summary>What an entry may set: what is learned and for how long, never the network or how it learns.</summary>
    public static readonly string[] TaskFields =
    [
        "name", "task", "data", "label", "epochs", "seed", "train_fraction", "train_per_class", "train_count", "sample_count", "data_noise",
        "input_low", "input_high", "input_count", "output_count", "teacher_seed", "targets", "target_low", "target_high", "target_margin",
    ];

    /// <summary>
    /// The run's tasks in order: its own task alone (named by the task, for the run's epochs) when
    /// it lists none, else each listed entry over the run's fields. Bad entries are errors naming
    /// the entry and its field.
    /// </summary>
    public static IReadOnlyList<SequencedTask> Of(Experiment experiment)
    {
        if (experiment.Tasks is null) return [new SequencedTask(experiment.Task, experiment, experiment.Epochs)];
        if (experiment.Tasks.Length == 0)
            throw new BadInputException($"experiment field {Field}: an empty list; list at least one task, or leave the field out to train the run's own task");
        var tasks = new List<SequencedTask>();
        for (var k = 0; k < experiment.Tasks.Length; k++)
        {
            var fields = Entry(experiment.Tasks[k], k);
            var name = fields.TryGetValue("name", out var given) ? given : $"task{k + 1}";
            var where = $"experiment field {Field}[{k + 1}] ({name})";
            if (!fields.ContainsKey("epochs") && experiment.TaskEpochs == 0)
                throw new BadInputException($"{where}: epochs is missing (every task says how many epochs it is trained, unless task_epochs does for all)");
            var merged = experiment with { Tasks = null };
            foreach (var (field, text) in fields)
                if (field != "name") merged = ExperimentFields.Set(merged, field, text, $"{where}.{field}");
            if (experiment.TaskEpochs > 0) merged = merged with { Epochs = experiment.TaskEpochs };
            if (merged.Epochs < 1) throw new BadInputException($"{where}.epochs: must be at least 1, not {merged.Epochs}");
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
                throw new BadInputException($"{where}.name: use letters, digits, '_' and '-' only (it names a metrics.csv column)");
            if (tasks.Any(t => t.Name == name)) throw new BadInputException($"{where}.name: another task is named '{name}'");
            tasks.Add(new SequencedTask(name, merged, merged.Epochs));
        }
        return tasks;
    }

    /// <summary>The run's epochs in all: with a task list, its tasks' epochs times its cycles (epochs then only bounds task_cycles 0).</summary>
    public static Experiment Normalize(Experiment experiment) =>
        experiment.Tasks is null ? experiment : experiment with { Epochs = Cycles(experiment) * Of(experiment).Sum(t => t.Epochs) };

    /// <summary>How many turns of its list a run trains: task_cycles, or with 0 as many as fit in its epochs (at least one).</summary>
    public static int Cycles(Experiment experiment) =>
        experiment.TaskCycles > 0 || experiment.Tasks is null ? Math.Max(1, experiment.TaskCycles) : Math.Max(1, experiment.Epochs / Of(experiment).Sum(t => t.Epochs));

    /// <summary>One stretch of epochs that trains one task: the list's tasks in turn, <paramref name="cycles"/> times over.</summary>
    public readonly record struct Segment(int Task, int First, int Last);

    public static IReadOnlyList<Segment> Segments(IReadOnlyList<int> epochs, int cycles)
    {
        var segments = new List<Segment>();
        var first = 1;
        for (var c = 0; c < Math.Max(1, cycles); c++)
            for (var k = 0; k < epochs.Count; k++)
            {
                segments.Add(new Segment(k, first, first + epochs[k] - 1));
                first += epochs[k];
            }
        return segments;
    }

    /// <summary>The task trained in epoch <paramref name="epoch"/> (1-based; 0: the first): epochs past the schedule train the last.</summary>
    public static int TaskAt(IReadOnlyList<Segment> segments, int epoch) =>
        segments.FirstOrDefault(s => epoch <= s.Last, segments[^1]).Task;

    /// <summary>An entry's fields, in order: <c>field=value;field=value</c>.</summary>
    public static List<(string Field, string Text)> Fields(string entry, int index)
    {
        var fields = new List<(string, string)>();
        foreach (var part in entry.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOf('=');
            var field = at < 0 ? part : part[..at].Trim();
            if (at <= 0)
                throw new BadInputException($"experiment field {Field}[{index + 1}]: '{part}' is not field=value");
            if (!TaskFields.Contains(field))
                throw new BadInputException($"experiment field {Field}[{index + 1}]: a task cannot set '{field}' (it shapes the network or its learning, which the tasks share); a task may set {string.Join(", ", TaskFields)}");
            if (fields.Any(f => f.Item1 == field)) throw new BadInputException($"experiment field {Field}[{index + 1}]: '{field}' is given twice");
            fields.Add((field, part[(at + 1)..].Trim()));
        }
        return fields;
    }

    private static Dictionary<string, string> Entry(string entry, int index) => Fields(entry, index).ToDictionary(f => f.Field, f => f.Text);

    /// <summary>An entry written in an experiment file as a JSON object, in its text form (strings and numbers only).</summary>
    public static string FromJsonObject(JsonElement entry, string where)
    {
        var parts = new List<string>();
        foreach (var property in entry.EnumerateObject())
        {
            var text = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => throw new BadInputException($"{where}.{property.Name}: expected a number or a string, found {property.Value.ValueKind.ToString().ToLowerInvariant()}"),
            };
            if (text.Contains(';') || text.Contains(','))
                throw new BadInputException($"{where}.{property.Name}: a task's value cannot hold ';' or ','");
            parts.Add($"{property.Name}={text}");
        }
        return string.Join(";", parts);
    }

    /// <summary>An entry as a JSON object (config.json writes the list so): numbers as numbers.</summary>
    public static void WriteJsonObject(Utf8JsonWriter json, string entry, int index)
    {
        json.WriteStartObject();
        foreach (var (field, text) in Fields(entry, index))
        {
            if (field is not ("name" or "task" or "data" or "label" or "targets") && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                json.WriteNumber(field, number);
            else json.WriteString(field, text);
        }
        json.WriteEndObject();
    }
}
