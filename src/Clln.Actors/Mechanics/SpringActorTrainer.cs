using Clln.Core.Mechanics;

namespace Clln.Actors.Mechanics;

/// <summary>
/// Coupled learning of an elastic network on the actors, the central <see cref="SpringTrainer"/>'s
/// step: a free phase with the task's inputs displaced, a clamped phase with the output held too,
/// nudged from where it settled toward its target, then every spring's own update from its two lengths.
/// </summary>
public static class SpringActorTrainer
{
    /// <summary>One step on the displacement task; returns the cost of the free state it learned from.</summary>
    public static async Task<double> StepAsync(SpringActorEngine engine, DisplacementTask task, SpringRule rule, CancellationToken cancellation = default)
    {
        var network = engine.Network;
        var held = task.Held(network);
        var free = await engine.RelaxAsync(new SpringPhase(held), cancellation).ConfigureAwait(false);
        var settled = SpringEquilibrium.At(network, free.Free);
        var nudged = held.ToArray();
        (nudged[2 * task.Output], nudged[2 * task.Output + 1]) = task.Nudged(network, settled, rule.Eta);
        await engine.RelaxAsync(new SpringPhase(held, nudged, [task.Output]), cancellation).ConfigureAwait(false);
        await engine.LearnAsync(rule, cancellation).ConfigureAwait(false);
        return task.Cost(network, settled);
    }
}
