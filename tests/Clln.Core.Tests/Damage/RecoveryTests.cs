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
}
