using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>
/// The experiment's fields, found from <see cref="Experiment"/>'s properties so that every field of
/// the file is also a flag and nothing can be forgotten: property KMin is the file field "k_min" and
/// the flag "--k-min". Reading is strict: unknown fields and wrong types are errors naming the field.
/// </summary>
public static class ExperimentFields
{
    private static readonly PropertyInfo[] Properties = typeof(Experiment).GetProperties(BindingFlags.Public | BindingFlags.Instance);

    /// <summary>
    /// The reserved field of config.json saying which clln wrote it ({"version": ..., "commit": ...}):
    /// a record, not a setting, so reading a run's config.json back as an experiment file accepts
    /// it and ignores it.
    /// </summary>
    public const string ProducedByField = "clln";

    /// <summary>Field names as written in files ("k_min").</summary>
    public static IEnumerable<string> FieldNames => Properties.Select(p => FieldName(p));

    /// <summary>Flag names without dashes ("k-min").</summary>
    public static IEnumerable<string> FlagNames => Properties.Select(p => FieldName(p).Replace('_', '-'));

    public static string FlagToField(string flag) => flag.Replace('-', '_');

    /// <summary>Reads an experiment file over the defaults; unknown fields are errors.</summary>
    public static Experiment ReadFile(string path)
    {
        using (var document = StrictJson.Parse(InputFile.ReadAllText(path), path))
            return FromJson(new Experiment(), new JsonFields(path, "", document.RootElement));
    }

    /// <summary>Sets the fields of a JSON object (an experiment file, or one inside another file) over <paramref name="experiment"/>.</summary>
    public static Experiment FromJson(Experiment experiment, JsonFields fields)
    {
        fields.AllowOnly([.. FieldNames, ProducedByField]);
        foreach (var property in fields.Element.EnumerateObject().Where(p => p.Name != ProducedByField))
            experiment = Set(experiment, property.Name, property.Value, fields.WhereField(property.Name));
        return experiment;
    }

    /// <summary>Sets one field from its JSON value; <paramref name="where"/> prefixes errors.</summary>
    public static Experiment Set(Experiment experiment, string field, JsonElement value, string where) =>
        Set(experiment, field, field == TaskSequence.Field && value.ValueKind == JsonValueKind.Array ? TaskList(value, where) : ValueText(value, where), where);

    /// <summary>A task list in a file: each entry an object of task fields, or its text form.</summary>
    private static string TaskList(JsonElement list, string where) =>
        string.Join(",", list.EnumerateArray().Select((entry, k) => entry.ValueKind == JsonValueKind.Object
            ? TaskSequence.FromJsonObject(entry, $"{where}[{k + 1}]")
            : ValueText(entry, $"{where}[{k + 1}]")));

    /// <summary>True when <paramref name="field"/> is a field of the experiment ("k_min").</summary>
    public static bool IsField(string field) => Properties.Any(p => FieldName(p) == field);

    /// <summary>Sets one field from its text form (a flag's value); <paramref name="where"/> prefixes errors.</summary>
    public static Experiment Set(Experiment experiment, string field, string? text, string where)
    {
        var property = Properties.FirstOrDefault(p => FieldName(p) == field) ?? throw new BadInputException($"{where}: unknown field");
        var copy = experiment with { };
        property.SetValue(copy, Parse(property, text, where));
        return copy;
    }

    /// <summary>One field's value in its text form (as a flag would give it; "" for none), by its flag name ("cut-fraction").</summary>
    public static string Get(Experiment experiment, string flag)
    {
        var property = Properties.First(p => FieldName(p) == FlagToField(flag));
        return Show(property.GetValue(experiment)) is var text && text == "(none)" ? "" : text;
    }

    /// <summary>
    /// The whole resolved experiment as JSON (config.json): every field, defaults included, after
    /// the reserved <see cref="ProducedByField"/> when <paramref name="producedBy"/> says which clln wrote it.
    /// </summary>
    public static string Write(Experiment experiment, (string Version, string Commit)? producedBy = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (producedBy is var (version, commit))
            {
                json.WriteStartObject(ProducedByField);
                json.WriteString("version", version);
                json.WriteString("commit", commit);
                json.WriteEndObject();
            }
            foreach (var property in Properties)
            {
                json.WritePropertyName(FieldName(property));
                switch (property.GetValue(experiment))
                {
                    case null: json.WriteNullValue(); break;
                    case string s: json.WriteStringValue(s); break;
                    case int i: json.WriteNumberValue(i); break;
                    case double d: json.WriteNumberValue(d); break;
                    case string[] tasks when property.Name == nameof(Experiment.Tasks):
                        json.WriteStartArray();
                        for (var k = 0; k < tasks.Length; k++) TaskSequence.WriteJsonObject(json, tasks[k], k);
                        json.WriteEndArray();
                        break;
                    case string[] list: JsonSerializer.Serialize(json, list); break;
                    case double[] list: JsonSerializer.Serialize(json, list); break;
                    default: throw new NotSupportedException(property.Name);
                }
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Every field with its kind, default and description, in the order of <see cref="Experiment"/>.</summary>
    public static IReadOnlyList<ExperimentField> Describe()
    {
        var defaults = new Experiment();
        return Properties.Select(p => new ExperimentField(FieldName(p), FieldName(p).Replace('_', '-'), ValueKind(p.PropertyType),
            Show(p.GetValue(defaults)), p.GetCustomAttribute<FieldAttribute>())).ToArray();
    }

    /// <summary>The field reference in Markdown (docs/experiment-fields.md is this text): one row a field.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("# Experiment fields\n\n");
        text.Append("Generated from the descriptions in src/Clln.Core/Experiments/Experiment.cs (a test keeps this file in step).\n");
        text.Append("Each field is a field of an experiment file (`k_min`) and a flag of `clln train` (`--k-min`); flags override the file.\n\n");
        text.Append("| field | flag | value | default | unit | range | meaning |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        string Cell(string? s) => s is null ? "" : s.Replace("|", "\\|", StringComparison.Ordinal);
        foreach (var f in Describe())
            text.Append($"| `{f.Name}` | `--{f.Flag}` | {f.ValueKind} | {Cell(f.Default)} | {Cell(f.Doc?.Unit)} | {Cell(f.Doc?.Range)} | {Cell(f.Doc?.Meaning)} |\n");
        return text.ToString();
    }

    private static string ValueKind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "INTEGER",
        var t when t == typeof(double) => "NUMBER",
        var t when t == typeof(double[]) => "NUMBERS",
        var t when t == typeof(string[]) => "NAMES",
        _ => "TEXT",
    };

    private static string Show(object? value) => value switch
    {
        null => "(none)",
        string[] list => list.Length == 0 ? "(none)" : string.Join(",", list),
        double[] list => list.Length == 0 ? "(none)" : string.Join(",", list.Select(d => d.ToString(CultureInfo.InvariantCulture))),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FieldName(PropertyInfo property)
    {
        var name = new StringBuilder();
        foreach (var ch in property.Name)
        {
            if (char.IsUpper(ch) && name.Length > 0) name.Append('_');
            name.Append(char.ToLowerInvariant(ch));
        }
        return name.ToString();
    }

    /// <summary>The text form of a JSON value: lists become comma-separated, null becomes null.</summary>
    public static string? ValueText(JsonElement value, string where) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => string.Join(",", value.EnumerateArray().Select(v => ValueText(v, where))),
        _ => throw new BadInputException($"{where}: expected a number, string or list, found {value.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static readonly NullabilityInfoContext Nullability = new();

    private static object? Parse(PropertyInfo property, string? text, string where)
    {
        var type = property.PropertyType;
        if (text is null)
            return Nullability.Create(property).WriteState == NullabilityState.Nullable ? null : throw new BadInputException($"{where}: a value is required");
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner == typeof(string)) return text;
        if (inner == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw new BadInputException($"{where}: expected an integer, not '{text}'");
        if (inner == typeof(double)) return ParseDouble(text, where);
        if (inner == typeof(string[])) return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (inner == typeof(double[])) return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(t => ParseDouble(t, where)).ToArray();
        throw new NotSupportedException(type.Name);
    }

    private static double ParseDouble(string text, string where) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : throw new BadInputException($"{where}: expected a finite number, not '{text}'");
}
