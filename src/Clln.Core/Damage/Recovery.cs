using Clln.Core.Training;

namespace Clln.Core.Damage;

/// <summary>
/// How a run fared against its damage, read off its metrics rows: test accuracy just before the
/// damage (the damage epoch's ordinary row), right after (its second row, marked damage), after
/// recovery (the last row), and how many epochs of retraining brought the accuracy back to within
/// <see cref="Margin"/> of where it was (null if it never did). Null throughout for tasks without accuracy.
/// </summary>
public sealed record Recovery(double? Before, double? RightAfter, double? After, int? EpochsToRecover)
{
    /// <summary>"Recovered": within one point of the accuracy before the damage.</summary>
    public const double Margin = 0.01;

    /// <summary>The recovery in <paramref name="rows"/>, or null when no row is marked as measured right after damage.</summary>
    public static Recovery? From(IReadOnlyList<EpochMetrics> rows)
    {
        var struck = rows.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Damage);
        if (struck.r is null) return null;
        double? Finite(double x) => double.IsFinite(x) ? x : null;
        var before = struck.i > 0 ? Finite(rows[struck.i - 1].TestAccuracy) : null;
        int? epochs = null;
        if (before is { } b)
            epochs = rows.Skip(struck.i).FirstOrDefault(r => r.TestAccuracy >= b - Margin - 1e-12) is { } back ? back.Epoch - struck.r.Epoch : null;
        return new Recovery(before, Finite(struck.r.TestAccuracy), Finite(rows[^1].TestAccuracy), epochs);
    }
}
