using System.Text.Json;
using Clln.Core.Model;

namespace Clln.Core.Experiments;

/// <summary>
/// A finished run of a sweep: its point, seed, folder (relative to the sweep's) and the final
/// metrics from its summary.json: every numeric field but the seed, in the file's order (a null,
/// as test_accuracy of a regression, is NaN).
/// </summary>
public sealed record SweepRun(SweepPoint Point, int Seed, string Folder, IReadOnlyList<(string Name, double Value)> Metrics)
{
    /// <summary>The metric <paramref name="name"/>, NaN when this run has none.</summary>
    public double Metric(string name) => Metrics.Where(m => m.Name == name).Select(m => m.Value).DefaultIfEmpty(double.NaN).First();

    /// <summary>The metrics of a summary.json, or null when the run it describes did not finish (it was interrupted).</summary>
    public static IReadOnlyList<(string Name, double Value)>? FinishedMetrics(string summaryJson, string where)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(summaryJson); }
        catch (JsonException e) { throw new BadInputException($"{where}: malformed JSON: {e.Message.Split('\n')[0]}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new BadInputException($"{where}: expected an object");
            if (root.TryGetProperty("interrupted", out var interrupted) && interrupted.ValueKind != JsonValueKind.False) return null;
            return root.EnumerateObject()
                .Where(p => p.Name != "seed" && p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.Null)
                .Select(p => (p.Name, p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : double.NaN))
                .ToArray();
        }
    }
}
