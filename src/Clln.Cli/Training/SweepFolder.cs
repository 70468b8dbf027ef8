using Clln.Core.Experiments;
using Clln.Core.Formats;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Cli.Training;

/// <summary>Where one run of a sweep stands in its folder.</summary>
public enum SweepRunState
{
    /// <summary>Nothing usable yet: the run starts from the beginning.</summary>
    Fresh,

    /// <summary>Stopped part-way with a checkpoint: the run continues from it.</summary>
    Stopped,

    /// <summary>Its summary.json says it finished: kept, never run again.</summary>
    Finished,
}

/// <summary>
/// The output folder of a sweep: a run folder per point and seed (each a <see cref="RunFolder"/>),
/// and the sweep's tables and plot. Resuming a sweep reads each run's state from its folder.
/// </summary>
public sealed class SweepFolder(Sweep sweep)
{
    public string Path => sweep.Output;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// The state of the run <paramref name="experiment"/> in its folder. A folder holding a run of
    /// another experiment (the sweep file changed since) is an error: mixing them would be wrong,
    /// and replacing finished runs silently would lose them.
    /// </summary>
    public static SweepRunState StateOf(Experiment experiment)
    {
        var folder = new RunFolder(experiment.Output);
        if (!System.IO.File.Exists(folder.File(RunFolder.Config))) return SweepRunState.Fresh;
        var earlier = ExperimentFields.ReadFile(folder.File(RunFolder.Config)) with { Output = experiment.Output };
        var (was, now) = (ExperimentFields.Write(earlier).Split('\n'), ExperimentFields.Write(experiment).Split('\n'));
        var differs = Enumerable.Range(0, Math.Min(was.Length, now.Length)).FirstOrDefault(i => was[i] != now[i], -1);
        if (differs >= 0)
            throw new BadInputException($"{folder.Path}: holds a run of another experiment ({was[differs].Trim().TrimEnd(',')} there, {now[differs].Trim().TrimEnd(',')} in the sweep); remove it or choose another --output");
        if (System.IO.File.Exists(folder.File(RunFolder.Summary))
            && SweepRun.FinishedMetrics(InputFile.ReadAllText(folder.File(RunFolder.Summary)), folder.File(RunFolder.Summary)) is not null)
            return SweepRunState.Finished;
        return System.IO.File.Exists(folder.File(Checkpoint.FileName)) ? SweepRunState.Stopped : SweepRunState.Fresh;
    }

    /// <summary>Every finished run, read from its summary.json.</summary>
    public IReadOnlyList<SweepRun> FinishedRuns() =>
        sweep.Points().SelectMany(point => sweep.Seeds.Select(seed =>
        {
            var summary = new RunFolder(sweep.RunFolder(point, seed)).File(RunFolder.Summary);
            var metrics = System.IO.File.Exists(summary) ? SweepRun.FinishedMetrics(InputFile.ReadAllText(summary), summary) : null;
            return metrics is null ? null : new SweepRun(point, seed, System.IO.Path.GetRelativePath(Path, sweep.RunFolder(point, seed)), metrics);
        })).OfType<SweepRun>().ToArray();

    /// <summary>sweep.csv and summary.csv, each written atomically; returns the points' summaries.</summary>
    public IReadOnlyList<SweepPointSummary> WriteTables(IReadOnlyList<SweepRun> runs)
    {
        var points = SweepTables.Summarize(sweep.Points(), runs);
        AtomicFile.WriteAllText(File(SweepTables.RunsFile), SweepTables.RunsCsv(sweep, runs));
        AtomicFile.WriteAllText(File(SweepTables.SummaryFile), SweepTables.SummaryCsv(sweep, points));
        return points;
    }
}
