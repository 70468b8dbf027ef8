using System.Text.Json;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>
/// A finished run of a sweep: its point, seed, folder (relative to the sweep's) and the final
/// metrics from its summary.json: every number but the seed, in the file's order, those of a
/// nested object named with a dot ("damage.accuracy_after_recovery"). A null (test_accuracy of a
/// regression) is no metric; a metric missing from a run is NaN.
/// </summary>
public sealed record SweepRun(SweepPoint Point, int Seed, string Folder, IReadOnlyList<(string Name, double Value)> Metrics)
{
    /// <summary>The metric <paramref name="name"/>, NaN when this run has none.</summary>
    public double Metric(string name) => Metrics.Where(m => m.Name == name).Select(m => m.Value).DefaultIfEmpty(double.NaN).First();

    /// <summary>The metrics of a summary.json, or null when the run it describes did not finish (it was interrupted, or it failed).</summary>
    public static IReadOnlyList<(string Name, double Value)>? FinishedMetrics(string summaryJson, string where)
    {
        using (var document = Formats.StrictJson.Parse(summaryJson, where))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new BadInputException($"{where}: expected an object");
            if (root.TryGetProperty("interrupted", out var interrupted) && interrupted.ValueKind != JsonValueKind.False) return null;
            if (root.TryGetProperty("stopped", out var stopped) && stopped.ValueKind != JsonValueKind.Null) return null;
            return Numbers(root, "").Where(m => m.Name != "seed").ToArray();
        }
    }

    private static IEnumerable<(string Name, double Value)> Numbers(JsonElement json, string prefix) =>
        json.EnumerateObject().SelectMany(p => p.Value.ValueKind switch
        {
            JsonValueKind.Number => [(prefix + p.Name, p.Value.GetDouble())],
            JsonValueKind.Object => Numbers(p.Value, prefix + p.Name + "."),
            _ => Enumerable.Empty<(string, double)>(),
        });
}
