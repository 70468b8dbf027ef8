using Clln.Actors.Faults;
using Clln.Core.Experiments;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Actors.Training;

/// <summary>
/// The experiment's asynchrony models as actor engine options: link delay, order, loss and noise,
/// and stragglers, with errors naming the experiment field.
/// </summary>
public static class ExperimentLinks
{
    /// <summary>Schedule, tolerance, seed and link models (no stragglers: see <see cref="WithStragglers"/>).</summary>
    public static ActorEngineOptions Options(Experiment e)
    {
        DelaySpec? delay;
        try
        {
            delay = e.LinkDelay is null ? null : DelaySpec.Parse(e.LinkDelay);
        }
        catch (FormatException ex)
        {
            throw new BadInputException($"experiment field link_delay: {ex.Message}");
        }
        return new ActorEngineOptions
        {
            Schedule = e.Schedule == "async" ? Schedule.Async : Schedule.Clocked,
            Tolerance = e.Tolerance,
            Omega = e.Omega,
            Seed = e.Seed,
            Delay = delay,
            Reorder = e.LinkOrder == "reorder",
            Drop = e.MessageLoss,
            Noise = e.LinkNoise,
            Timeout = TimeSpan.FromSeconds(e.PhaseTimeLimit),
        };
    }

    /// <summary>
    /// The options for <paramref name="network"/> (the intact one, or what damage left of it) with
    /// the run's stragglers: straggler_fraction of the intact network's nodes, drawn from the seed,
    /// so the same nodes straggle before and after damage.
    /// </summary>
    public static ActorEngineOptions WithStragglers(ActorEngineOptions options, Experiment e, Network intact, Network network)
    {
        var count = (int)Math.Round(e.StragglerFraction * intact.NodeCount, MidpointRounding.AwayFromZero);
        if (count == 0 || e.StragglerFactor <= 1) return options;
        var nodes = Enumerable.Range(0, intact.NodeCount).ToArray();
        new Random(SeededNoise.StreamSeed(e.Seed, NoiseModel.Straggler)).Shuffle(nodes);
        var stragglers = nodes.Take(count).Select(i => network.TryGetIndex(intact.Nodes[i].Name, out var k) ? k : -1).Where(k => k >= 0).ToArray();
        return options with { Stragglers = stragglers, StragglerFactor = e.StragglerFactor };
    }
}
