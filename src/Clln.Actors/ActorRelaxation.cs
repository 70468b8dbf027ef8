using Clln.Core.Model;

namespace Clln.Actors;

/// <summary>The one-shot entry point: wire the actors, settle the network's own boundary conditions, shut down.</summary>
public static class ActorRelaxation
{
    /// <summary>
    /// The equilibrium of <paramref name="network"/> with its own held nodes, found by actors,
    /// certified within <see cref="ActorEngineOptions.Tolerance"/> volts of the exact one at every node.
    /// </summary>
    public static async Task<ActorSolution> SolveAsync(Network network, ActorEngineOptions options, CancellationToken cancellation = default)
    {
        await using var engine = ActorEngine.Start(network, options);
        var settled = await engine.RelaxAsync(null, cancellation).ConfigureAwait(false);
        return new ActorSolution(settled.Free, settled.Stats);
    }
}
