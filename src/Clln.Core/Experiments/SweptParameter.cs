using System.Globalization;
using System.Text.Json;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>
/// One knob of a sweep: an experiment field and the values it takes, each in the text form a flag
/// of `clln train` would take ("0.25", "desync", "a,b" for a list field, null for none).
/// </summary>
public sealed record SweptParameter(string Field, IReadOnlyList<string?> Values)
{
    /// <summary>More values than this is a mistake (a step far too small), not a sweep.</summary>
    public const int MaxValues = 1000;

    /// <summary>
    /// Reads {"field": F, "values": [...]} or {"field": F, "start": A, "stop": B, "step": S | "count": N}.
    /// A range includes both ends when the step lands on the stop; its values are rounded to 12
    /// significant digits so that 0.1 steps read 0.3, not 0.30000000000000004.
    /// </summary>
    public static SweptParameter Read(JsonFields fields, Experiment baseExperiment)
    {
        fields.AllowOnly("field", "values", "start", "stop", "step", "count");
        var field = fields.RequiredString("field");
        if (!ExperimentFields.IsField(field)) throw fields.Error("field", $"'{field}' is not an experiment field");
        if (field is "seed" or "output") throw fields.Error("field", $"{field} cannot be swept: the sweep's seeds and output folder set it");

        var hasRange = fields.Has("start") || fields.Has("stop") || fields.Has("step") || fields.Has("count");
        if (fields.Has("values") == hasRange) throw fields.Error("values", "give either a list of values, or a range (start, stop, and step or count)");
        var values = hasRange ? Range(fields) : List(fields);

        var where = fields.WhereField("values");
        var seen = new HashSet<string?>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!seen.Add(values[i])) throw new BadInputException($"{where}[{i}]: the value {values[i] ?? "null"} comes twice");
            ExperimentFields.Set(baseExperiment, field, values[i], $"{where}[{i}] ({field})");
        }
        return new SweptParameter(field, values);
    }

    private static List<string?> List(JsonFields fields)
    {
        var items = fields.RequiredArray("values");
        if (items.Count == 0) throw fields.Error("values", "the list is empty (give at least one value)");
        if (items.Count > MaxValues) throw fields.Error("values", $"more than {MaxValues} values");
        return items.Select((item, i) => ExperimentFields.ValueText(item, $"{fields.WhereField("values")}[{i}]")).ToList();
    }

    private static List<string?> Range(JsonFields fields)
    {
        var start = fields.OptionalNumber("start") ?? throw fields.Error("start", "missing (a range needs start and stop)");
        var stop = fields.OptionalNumber("stop") ?? throw fields.Error("stop", "missing (a range needs start and stop)");
        if (stop <= start) throw fields.Error("stop", $"must exceed start ({Text(start)}), not {Text(stop)}");
        if (fields.Has("step") == fields.Has("count")) throw fields.Error(fields.Has("step") ? "count" : "step", "give either step or count, not both or neither");
        double[] values;
        if (fields.OptionalNumber("step") is { } step)
        {
            if (step <= 0) throw fields.Error("step", $"must be positive, not {Text(step)}");
            var count = Math.Floor((stop - start) / step + 1e-9) + 1;
            if (count > MaxValues) throw fields.Error("step", $"{Text(step)} makes {count} values from {Text(start)} to {Text(stop)} (at most {MaxValues})");
            values = Enumerable.Range(0, (int)count).Select(i => start + i * step).ToArray();
        }
        else
        {
            var count = fields.OptionalInteger("count")!.Value;
            if (count is < 2 or > MaxValues) throw fields.Error("count", $"must be 2 to {MaxValues}, not {count}");
            values = Enumerable.Range(0, count).Select(i => start + (stop - start) * i / (count - 1)).ToArray();
        }
        return values.Select(v => (string?)Text(double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture))).ToList();
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
