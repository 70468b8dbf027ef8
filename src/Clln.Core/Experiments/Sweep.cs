using System.Text.Json;
using System.Text.RegularExpressions;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>
/// An experiment file for `clln sweep`: a base experiment, one or two swept fields, and the seeds
/// every point is run with. Reading is strict and checks every point as `clln train` would
/// (<see cref="ExperimentSetup.Prepare"/>), so a bad value fails before any run starts.
/// </summary>
/// <param name="Description">The file's own words on what the sweep asks, if any.</param>
/// <param name="Metric">The summary.json field plotted against the first swept field.</param>
/// <param name="Output">The sweep's folder: sweep.csv, summary.csv, the plot, and a folder per point.</param>
public sealed partial record Sweep(string Source, string? Description, Experiment Base, IReadOnlyList<SweptParameter> Parameters, IReadOnlyList<int> Seeds, string Metric, string Output)
{
    public const string DefaultMetric = "test_accuracy";

    public const int MaxSeeds = 1000;

    /// <summary>True when the file names no output: `clln sweep` then makes a new folder runs/sweep-NAME-TIMESTAMP.</summary>
    public bool OutputIsDefault { get; init; }

    public static Sweep ReadFile(string path)
    {
        using (var document = StrictJson.Parse(InputFile.ReadAllText(path), path))
            return Read(new JsonFields(path, "", document.RootElement), Path.GetFileNameWithoutExtension(path));
    }

    private static Sweep Read(JsonFields fields, string name)
    {
        fields.AllowOnly("format", "version", "description", "base", "sweep", "seeds", "metric", "output");
        if (fields.OptionalString("format") is { } format && format != "clln-sweep") throw fields.Error("format", $"expected \"clln-sweep\", not \"{format}\"");
        if (fields.OptionalInteger("version") is { } version && version != 1) throw fields.Error("version", $"only version 1 is known, not {version}");

        var baseFields = fields.OptionalObject("base");
        foreach (var own in new[] { "seed", "output" })
            if (baseFields?.Has(own) == true) throw baseFields.Error(own, $"set by the sweep's {(own == "seed" ? "seeds" : "output")}, not by the base experiment");
        var baseExperiment = baseFields is null ? new Experiment() : ExperimentFields.FromJson(new Experiment(), baseFields);

        var sweepItems = fields.RequiredArray("sweep");
        if (sweepItems.Count is < 1 or > 2) throw fields.Error("sweep", $"sweep one or two fields, not {sweepItems.Count}");
        var parameters = sweepItems.Select((item, i) => SweptParameter.Read(fields.Item("sweep", i, item), baseExperiment)).ToArray();
        if (parameters.Length == 2 && parameters[0].Field == parameters[1].Field)
            throw fields.Error("sweep", $"{parameters[0].Field} is swept twice");

        var metric = fields.OptionalString("metric") ?? DefaultMetric;
        if (!MetricName().IsMatch(metric)) throw fields.Error("metric", $"'{metric}' is not a field name (snake_case as in summary.json; a nested one as damage.accuracy_before)");
        var given = fields.OptionalString("output");
        var output = given ?? Path.Combine("runs", "sweep-" + name);
        if (output.Length == 0) throw fields.Error("output", "an output folder is needed");

        var sweep = new Sweep(fields.Where, fields.OptionalString("description"), baseExperiment, parameters, ReadSeeds(fields), metric, output) { OutputIsDefault = given is null };
        sweep.Check();
        return sweep;
    }

    /// <summary>"seeds": N (seeds 1 to N) or a list of distinct integers.</summary>
    private static int[] ReadSeeds(JsonFields fields)
    {
        if (!fields.Element.TryGetProperty("seeds", out var value) || value.ValueKind == JsonValueKind.Null)
            throw fields.Error("seeds", "missing (a number of seeds, or a list of seeds)");
        if (value.ValueKind == JsonValueKind.Number)
        {
            var count = fields.OptionalInteger("seeds")!.Value;
            if (count is < 1 or > MaxSeeds) throw fields.Error("seeds", $"must be 1 to {MaxSeeds}, not {count}");
            return Enumerable.Range(1, count).ToArray();
        }
        var items = fields.RequiredArray("seeds");
        if (items.Count == 0) throw fields.Error("seeds", "the list is empty (give at least one seed)");
        if (items.Count > MaxSeeds) throw fields.Error("seeds", $"more than {MaxSeeds} seeds");
        var seeds = items.Select((item, i) => item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var seed)
            ? seed
            : throw fields.Error($"seeds[{i}]", $"expected an integer, found {item.GetRawText()}")).ToArray();
        var twice = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw fields.Error("seeds", $"seed {twice.Key} comes twice");
        return seeds;
    }

    /// <summary>Every point, the first parameter varying slowest.</summary>
    public IReadOnlyList<SweepPoint> Points()
    {
        IEnumerable<IReadOnlyList<(string Field, string? Value)>> settings = [[]];
        foreach (var parameter in Parameters)
            settings = settings.SelectMany(s => parameter.Values.Select(v => (IReadOnlyList<(string, string?)>)[.. s, (parameter.Field, v)])).ToArray();
        return settings.Select((s, i) => new SweepPoint(i, s,
            s.Aggregate(Base, (e, setting) => ExperimentFields.Set(e, setting.Field, setting.Value, $"{Source}: sweep ({setting.Field})")))).ToArray();
    }

    /// <summary>The run folder of a point and seed: OUTPUT/POINT/seed-N.</summary>
    public string RunFolder(SweepPoint point, int seed) => Path.Combine(Output, point.FolderName, $"seed-{seed}");

    /// <summary>Every point must make a valid experiment: checked as `clln train` checks one, the error naming the point.</summary>
    private void Check()
    {
        foreach (var point in Points())
        {
            try { ExperimentSetup.Prepare(point.Run(Seeds[0], RunFolder(point, Seeds[0]))); }
            catch (BadInputException e) { throw new BadInputException($"{Source}: point {point.Describe()}: {e.Message}"); }
        }
    }

    // Nested names may be a task's name (tasks.A.forgetting).
    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[A-Za-z0-9][A-Za-z0-9_-]*)*$")]
    private static partial Regex MetricName();
}
