using Clln.Core.Damage;
using Clln.Core.Training;

namespace Clln.Core.Tests.Damage;

public sealed class RecoveryTests
{
    private static EpochMetrics Row(int epoch, double accuracy, bool damage = false) => new(epoch, 0, 0, 0, accuracy, 0, 0, 0) { Damage = damage };

    [Fact]
    public void Recovery_reads_before_right_after_and_the_epochs_back_to_within_a_point()
    {
        var r = Recovery.From([Row(0, 0.3), Row(1, 0.90), Row(2, 0.95), Row(2, 0.70, damage: true), Row(3, 0.90), Row(4, 0.94), Row(5, 0.93)])!;
        Assert.Equal(new Recovery(0.95, 0.70, 0.93, 2), r);
    }

    [Fact]
    public void A_run_that_never_recovers_has_no_epoch_count_and_an_undamaged_run_no_recovery()
    {
        Assert.Null(Recovery.From([Row(0, 0.9), Row(1, 0.5, damage: true), Row(2, 0.6)])!.EpochsToRecover);
        Assert.Null(Recovery.From([Row(0, 0.9), Row(1, 0.9)]));
        // Damage before the first evaluation: nothing to recover to.
        Assert.Equal(new Recovery(null, 0.3, 0.8, null), Recovery.From([Row(0, 0.3, damage: true), Row(1, 0.8)]));
    }

    [Fact]
    public void Metrics_rows_keep_their_damage_mark_and_energy_and_older_rows_still_read()
    {
        var row = (Row(3, 0.9, damage: true) with { FreePowerW = 2e-3 }).WithEnergy(1e-6, 20);
        Assert.Equal(1e-10, row.EnergyPerParameterJ, 1e-25); // 2 mW for 1 us over 20 edges
        var back = EpochMetrics.FromCsv(row.ToCsv());
        Assert.True(back.Damage);
        Assert.Equal(row.EnergyPerParameterJ, back.EnergyPerParameterJ);
        var old = EpochMetrics.FromCsv("2,0.1,0.8,0.2,0.7,0.001,5,3.5");
        Assert.False(old.Damage);
        Assert.Null(old.ErrorComponents);
        Assert.Equal([0.1, 0.2, 0.3], EpochMetrics.FromCsv("2,0.1,,0.2,,0.001,5,3.5,0.1,0.2,0.3").ErrorComponents!);
    }

    [Fact]
    public void Metrics_rows_keep_their_uncertified_phases_and_error_bound_and_rows_from_before_them_count_none()
    {
        var row = new EpochMetrics(4, 0.1, 0.8, 0.2, 0.7, 1e-3, 50, 3.5, [0.1, 0.2, 0.3]) { UncertifiedPhases = 7, LargestErrorBound = 2e-3 };
        var back = EpochMetrics.FromCsv(row.ToCsv());
        Assert.Equal(7, back.UncertifiedPhases);
        Assert.Equal(2e-3, back.LargestErrorBound);
        Assert.Equal([0.1, 0.2, 0.3], back.ErrorComponents!);
        Assert.Equal(row.ToCsv(), back.ToCsv());
        // Written before the certification columns: 10 cells (13 with components).
        var before = EpochMetrics.FromCsv("2,0.1,0.8,0.2,0.7,0.001,5,3.5,1E-10,1");
        Assert.True(before.Damage);
        Assert.Equal(0, before.UncertifiedPhases);
        Assert.True(double.IsNaN(before.LargestErrorBound));
        Assert.Equal([0.1, 0.2, 0.3], EpochMetrics.FromCsv("2,0.1,0.8,0.2,0.7,0.001,5,3.5,1E-10,0,0.1,0.2,0.3").ErrorComponents!);
        Assert.Throws<FormatException>(() => EpochMetrics.FromCsv("2,0.1,0.8"));
        Assert.Throws<FormatException>(() => EpochMetrics.FromCsv("2,0.1,0.8,0.2,0.7,0.001,five,3.5"));
    }
}
