using Clln.Core.Experiments;
using Clln.Core.Training;

namespace Clln.Cli.Training;

/// <summary>
/// What summary.json says about a run's tasks and where it settled: each task's memory of a task
/// list, the span of alternating tasks' limit cycle, and the drift a learning bias leaves.
/// </summary>
internal static class TaskReport
{
    /// <summary>
    /// Per task of a list, by name: what it is, the epochs it was trained, its test loss at the end
    /// of its own training and at the run's end, and their ratio (above 1: later tasks made it
    /// forget); and the decades its loss rose over the second half of the training after it (the
    /// drift a learning bias leaves once later tasks have converged); null where the run stopped before.
    /// </summary>
    public static Dictionary<string, object?> Memory(IReadOnlyList<PreparedTask> tasks, IReadOnlyList<TaskSequence.Segment> segments, List<EpochMetrics> rows)
    {
        var memory = new Dictionary<string, object?>();
        var last = rows[^1];
        for (var k = 0; k < tasks.Count; k++)
        {
            // Its last stretch the run reached (the last one goes on while the run does).
            var own = segments.Where(s => s.Task == k).ToArray();
            var (start, end) = (own[0].First, own.LastOrDefault(s => s.Last <= last.Epoch, own[0]).Last);
            if (k == segments[^1].Task && last.Epoch > segments[^1].Last) end = last.Epoch;
            var afterTraining = rows.LastOrDefault(r => r.Epoch == end && !r.Damage) is { TaskLosses: { } l } ? l[k] : (double?)null;
            var atEnd = last.TaskLosses is { } now ? now[k] : (double?)null;
            // Over the second half of the training after it: by then the later task has converged,
            // so a perfect network holds this one, and what it still loses is the bias's drift.
            var middle = end + (last.Epoch - end) / 2;
            var atMiddle = middle > end && rows.LastOrDefault(r => r.Epoch == middle && !r.Damage) is { TaskLosses: { } m } ? m[k] : (double?)null;
            memory[tasks[k].Name] = new Dictionary<string, object?>
            {
                ["task"] = tasks[k].Task.Name,
                ["first_epoch"] = start,
                ["last_epoch"] = end,
                ["test_loss_after_training"] = afterTraining,
                ["test_loss_at_end"] = last.Epoch >= end ? atEnd : null,
                ["forgetting"] = last.Epoch >= end && afterTraining is > 0 && atEnd is { } e ? e / afterTraining : null,
                // The same losses in decades: over seeds they average sensibly.
                ["log10_test_loss_after_training"] = afterTraining is > 0 ? Math.Log10(afterTraining.Value) : null,
                ["log10_test_loss_at_end"] = last.Epoch >= end && atEnd is > 0 ? Math.Log10(atEnd.Value) : null,
                ["log10_late_drift"] = atMiddle is > 0 && atEnd is > 0 ? Math.Log10(atEnd.Value / atMiddle.Value) : null,
            };
        }
        return memory;
    }

    /// <summary>
    /// Per edge, its mean change of learned value per training step between the first and last of
    /// <paramref name="captures"/> (null with fewer than two, or no step between them): the drift
    /// velocity a learning bias leaves once the error has settled (the authors' measure of the bias).
    /// </summary>
    public static double[]? Drift(Checkpoint[] captures)
    {
        if (captures.Length < 2 || captures[^1].Step == captures[0].Step) return null;
        var steps = captures[^1].Step - captures[0].Step;
        return captures[^1].LearnedValues.Zip(captures[0].LearnedValues, (now, then) => (now - then) / steps).ToArray();
    }

    /// <summary>The Euclidean distance between the learned values at the ends of the last two stretches (null before two ended).</summary>
    public static double? CycleSpan(List<double[]> turns) =>
        turns.Count < 2 ? null : Math.Sqrt(turns[0].Zip(turns[1], (a, b) => (a - b) * (a - b)).Sum());
}
