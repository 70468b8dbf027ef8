using Akka.Configuration;
using Clln.Actors.Hosting;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Actors.Tests;

/// <summary>
/// A TestKit spec hosting engines in its own actor system, with the project's serializer bound.
/// </summary>
public abstract class EngineSpec(string? extraHocon = null) : Akka.TestKit.Xunit2.TestKit(Config(extraHocon))
{
    private static Config Config(string? extra) => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        {{extra ?? ""}}
        """).WithFallback(ConfigurationFactory.ParseString(EngineConfig.Hocon()));

    /// <summary>Starts an engine on <paramref name="network"/>, settles its own boundary conditions, and disposes of it.</summary>
    protected async Task<TwinEquilibrium> SolveAsync(Network network, ActorEngineOptions options, TimeSpan? within = null)
    {
        await using var engine = ActorEngine.Start(network, options, Sys);
        using var guard = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        return await engine.RelaxAsync(null, guard.Token);
    }

    /// <summary>The largest distance between two voltage vectors.</summary>
    protected static double MaxDifference(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    /// <summary>Asserts every node within <paramref name="tolerance"/> of the reference solver's exact equilibrium.</summary>
    protected static void AssertMatchesReference(Network network, Equilibrium actual, double tolerance, double[]? held = null)
    {
        var reference = ReferenceSolver.Solve(network, held ?? network.HeldVoltages());
        var error = MaxDifference(reference.Voltages, actual.Voltages);
        Assert.True(error <= tolerance, $"largest voltage error {error:G3} V exceeds the tolerance {tolerance:G3} V");
    }
}
