using Clln.Actors.Faults;

namespace Clln.Actors.Tests;

/// <summary>The clocked schedule is a pure function of the network, the options and the seed.</summary>
public sealed class RepeatabilitySpecs : EngineSpec
{
    public static TheoryData<string> Cases() => ["plain", "faults"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Two_clocked_runs_with_one_seed_give_identical_voltages_and_message_counts(string faults)
    {
        var network = TestNetworks.Random(30, 60, seed: 21);
        var options = faults == "plain"
            ? new ActorEngineOptions { Seed = 7 }
            : new ActorEngineOptions { Seed = 7, Drop = 0.1, Delay = DelaySpec.Parse("uniform:0-1ms"), Reorder = true, Noise = 1e-7 };
        var first = await SolveAsync(network, options);
        var second = await SolveAsync(network, options);
        Assert.Equal(first.Free.Voltages, second.Free.Voltages); // exact, bit for bit
        Assert.Equal(first.Stats.Messages, second.Stats.Messages);
        Assert.Equal(first.Stats.ControlMessages, second.Stats.ControlMessages);
        Assert.Equal(first.Stats.Dropped, second.Stats.Dropped);
        Assert.Equal(first.Stats.SweepsOrRounds, second.Stats.SweepsOrRounds);
        Assert.Equal(first.Stats.Barriers, second.Stats.Barriers);
        if (faults == "faults")
        {
            // And the seed matters: another one loses other messages.
            var other = await SolveAsync(network, options with { Seed = 8 });
            Assert.NotEqual(first.Stats.Dropped, other.Stats.Dropped);
        }
    }
}
