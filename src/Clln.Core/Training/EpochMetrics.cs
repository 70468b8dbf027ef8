using System.Globalization;

namespace Clln.Core.Training;

/// <summary>One row of metrics.csv: the state after <see cref="Epoch"/> epochs (0 = untrained).</summary>
/// <param name="FreePowerW">Mean power dissipated in the free state per inference on the test set, watts.</param>
/// <param name="Messages">Messages the engine exchanged during this epoch.</param>
/// <param name="WallMs">Wall-clock milliseconds the epoch took.</param>
/// <param name="ErrorComponents">The test error's mean, slope and curvature components (volts) for the nonlinear regression, else null.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double FreePowerW, long Messages, double WallMs,
    double[]? ErrorComponents = null)
{
    public const string CsvHeader = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,free_power_w,messages,wall_ms,energy_per_parameter_j,damage,uncertified_phases,largest_error_bound_v,gradient_cosine,update_norm_s,dropped_messages,cross_member_messages";

    /// <summary>
    /// Joules per parameter per inference: the free power times the assumed settling time of one
    /// inference, shared among the learning edges (NaN until <see cref="WithEnergy"/>).
    /// </summary>
    public double EnergyPerParameterJ { get; init; } = double.NaN;

    /// <summary>True on the row measured right after the damage struck (a second row for the damage epoch).</summary>
    public bool Damage { get; init; }

    /// <summary>Relaxation phases of this row (the epoch, or the measurement) not certified within the tolerance: noise set a floor.</summary>
    public long UncertifiedPhases { get; init; }

    /// <summary>Volts: the largest error bound of any phase of the run so far (NaN where rows of older checkpoints did not keep it).</summary>
    public double LargestErrorBound { get; init; } = double.NaN;

    /// <summary>
    /// The epoch's mean cosine between each training step's applied conductance change and the true
    /// negative gradient of its cost (<see cref="GradientAlignment"/>); NaN on measurement rows and
    /// where it is not measured (nonlinear elements, damage).
    /// </summary>
    public double GradientCosine { get; init; } = double.NaN;

    /// <summary>Siemens: the epoch's mean size (Euclidean norm) of a training step's conductance change; NaN where not measured.</summary>
    public double UpdateNorm { get; init; } = double.NaN;

    /// <summary>Transmissions lost on lossy links during the epoch (each repaired by the link layer sending it again).</summary>
    public long DroppedMessages { get; init; }

    /// <summary>Of <see cref="EpochMetrics.Messages"/>, those whose node-edge link crossed cluster members (0 on one process).</summary>
    public long CrossMemberMessages { get; init; }

    /// <summary>With a task list: the task trained in this row's epoch (1-based; the first on the untrained row), else 0.</summary>
    public int TrainedTask { get; init; }

    /// <summary>With a task list: every task's test loss at this row, in the list's order (so forgetting shows), else null.</summary>
    public double[]? TaskLosses { get; init; }

    /// <summary>This row with its energy per parameter per inference for a settling time (seconds) and a number of learning edges.</summary>
    public EpochMetrics WithEnergy(double settlingTimeS, int parameters) => this with { EnergyPerParameterJ = FreePowerW * settlingTimeS / parameters };

    /// <summary>Columns appended when rows carry error components.</summary>
    public const string ComponentsHeader = "error_mean,error_slope,error_curvature";

    /// <summary>The header for these rows: the components' columns only when they have components.</summary>
    public static string CsvHeaderFor(IEnumerable<EpochMetrics> rows, IReadOnlyList<string>? taskNames = null) =>
        (rows.Any(r => r.ErrorComponents is not null) ? CsvHeader + "," + ComponentsHeader : CsvHeader)
        + (taskNames is null ? "" : ",task" + string.Concat(taskNames.Select(name => ",test_loss_" + name)));

    public string ToCsv() => string.Join(',',
        [
            Epoch.ToString(CultureInfo.InvariantCulture),
            Format(TrainLoss), Format(TrainAccuracy), Format(TestLoss), Format(TestAccuracy), Format(FreePowerW),
            Messages.ToString(CultureInfo.InvariantCulture), Format(WallMs), Format(EnergyPerParameterJ), Damage ? "1" : "0",
            UncertifiedPhases.ToString(CultureInfo.InvariantCulture), Format(LargestErrorBound), Format(GradientCosine), Format(UpdateNorm),
            DroppedMessages.ToString(CultureInfo.InvariantCulture), CrossMemberMessages.ToString(CultureInfo.InvariantCulture),
            .. (ErrorComponents ?? []).Select(Format),
            .. TaskLosses is null ? [] : new[] { TrainedTask.ToString(CultureInfo.InvariantCulture) }.Concat(TaskLosses.Select(Format)),
        ]);

    /// <summary>
    /// Reads back a row written by <see cref="ToCsv"/> (empty cells are NaN). Rows of older
    /// checkpoints are told by their number of cells: 8 before the energy and damage columns, 10
    /// before the certification columns, 12 before the gradient columns, 14 before the link
    /// columns, 16 now; each 3 more with
    /// error components (no two of these counts coincide: the gradient came as two columns for that).
    /// A run with a task list ends each row with the task trained and the <paramref name="tasks"/> tasks' test losses.
    /// </summary>
    /// <exception cref="FormatException">Not a metrics row: a cell that is not a number, or another number of cells (or <see cref="OverflowException"/>: a count too large).</exception>
    public static EpochMetrics FromCsv(string row, int tasks = 0)
    {
        var c = row.Split(',');
        if (tasks > 0)
        {
            if (c.Length < 9 + tasks) throw new FormatException($"a metrics row of a run with {tasks} tasks has at least {9 + tasks} cells, not {c.Length}");
            var section = c[^(tasks + 1)..];
            return FromCsv(string.Join(',', c[..^(tasks + 1)])) with
            {
                TrainedTask = int.Parse(section[0], NumberStyles.None, CultureInfo.InvariantCulture),
                TaskLosses = section[1..].Select(x => x.Length == 0 ? double.NaN : double.Parse(x, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(),
            };
        }
        var columns = c.Length is 8 or 10 or 12 or 14 or 16 ? c.Length : c.Length is 11 or 13 or 15 or 17 or 19 ? c.Length - 3 : throw new FormatException($"a metrics row has 8 to 19 cells, not {c.Length}");
        double D(int i) => c[i].Length == 0 ? double.NaN : double.Parse(c[i], NumberStyles.Float, CultureInfo.InvariantCulture);
        long L(int i) => long.Parse(c[i], NumberStyles.None, CultureInfo.InvariantCulture);
        return new EpochMetrics(int.Parse(c[0], NumberStyles.None, CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), D(5), L(6), D(7),
            c.Length > columns ? Enumerable.Range(columns, 3).Select(D).ToArray() : null)
        {
            EnergyPerParameterJ = columns >= 10 ? D(8) : double.NaN,
            Damage = columns >= 10 && c[9] == "1",
            UncertifiedPhases = columns >= 12 ? L(10) : 0,
            LargestErrorBound = columns >= 12 ? D(11) : double.NaN,
            GradientCosine = columns >= 14 ? D(12) : double.NaN,
            UpdateNorm = columns >= 14 ? D(13) : double.NaN,
            DroppedMessages = columns >= 16 ? L(14) : 0,
            CrossMemberMessages = columns >= 16 ? L(15) : 0,
        };
    }

    private static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
