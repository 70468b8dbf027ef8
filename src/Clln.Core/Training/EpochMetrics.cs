namespace Clln.Core.Training;

/// <summary>One row of metrics.csv: the state after <see cref="Epoch"/> epochs (0 = untrained).</summary>
/// <param name="FreePowerW">Mean power dissipated in the free state per inference on the test set, watts.</param>
/// <param name="Messages">Messages the engine exchanged during this epoch.</param>
/// <param name="WallMs">Wall-clock milliseconds the epoch took.</param>
/// <param name="ErrorComponents">The test error's mean, slope and curvature components (volts) for the nonlinear regression, else null.</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy, double FreePowerW, long Messages, double WallMs,
    double[]? ErrorComponents = null)
{
    public const string CsvHeader = "epoch,train_loss,train_accuracy,test_loss,test_accuracy,free_power_w,messages,wall_ms,energy_per_parameter_j,damage";

    /// <summary>
    /// Joules per parameter per inference: the free power times the assumed settling time of one
    /// inference, shared among the learning edges (NaN until <see cref="WithEnergy"/>).
    /// </summary>
    public double EnergyPerParameterJ { get; init; } = double.NaN;

    /// <summary>True on the row measured right after the damage struck (a second row for the damage epoch).</summary>
    public bool Damage { get; init; }

    /// <summary>This row with its energy per parameter per inference for a settling time (seconds) and a number of learning edges.</summary>
    public EpochMetrics WithEnergy(double settlingTimeS, int parameters) => this with { EnergyPerParameterJ = FreePowerW * settlingTimeS / parameters };

    /// <summary>Columns appended when rows carry error components.</summary>
    public const string ComponentsHeader = "error_mean,error_slope,error_curvature";

    /// <summary>The header for these rows: the components' columns only when they have components.</summary>
    public static string CsvHeaderFor(IEnumerable<EpochMetrics> rows) =>
        rows.Any(r => r.ErrorComponents is not null) ? CsvHeader + "," + ComponentsHeader : CsvHeader;

    public string ToCsv() => string.Join(',',
        [
            Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Format(TrainLoss), Format(TrainAccuracy), Format(TestLoss), Format(TestAccuracy), Format(FreePowerW),
            Messages.ToString(System.Globalization.CultureInfo.InvariantCulture), Format(WallMs), Format(EnergyPerParameterJ), Damage ? "1" : "0",
            .. (ErrorComponents ?? []).Select(Format),
        ]);

    /// <summary>Reads back a row written by <see cref="ToCsv"/> (empty cells are NaN).</summary>
    public static EpochMetrics FromCsv(string row)
    {
        var c = row.Split(',');
        double D(int i) => c[i].Length == 0 ? double.NaN : double.Parse(c[i], System.Globalization.CultureInfo.InvariantCulture);
        // Rows of checkpoints written before the energy and damage columns have 8 (or 11) cells.
        var first = c.Length is 8 or 11 ? 8 : 10;
        return new EpochMetrics(int.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), D(5),
            long.Parse(c[6], System.Globalization.CultureInfo.InvariantCulture), D(7),
            c.Length > first ? Enumerable.Range(first, c.Length - first).Select(D).ToArray() : null)
        {
            EnergyPerParameterJ = first == 10 ? D(8) : double.NaN,
            Damage = first == 10 && c[9] == "1",
        };
    }

    private static string Format(double value) => double.IsNaN(value) ? "" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
