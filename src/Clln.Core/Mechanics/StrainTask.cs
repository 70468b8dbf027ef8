namespace Clln.Core.Mechanics;

/// <summary>
/// Allostery as Stern, Hexner, Rocks and Liu train it (PRX 11, 021045, 2021): a strain imposed on
/// a source spring should strain a distant target spring by a given amount. A strain is a spring's
/// length over the distance between its nodes at rest, less one. Both are imposed the way a
/// lab clamp imposes them, by an actuator: a spring <see cref="ActuatorStiffness"/> times the
/// stiffest of the network, at the imposed length, pulling on the same two nodes (its own residual
/// strain, force over its stiffness, is a millionth of the force's). The cost is half the squared
/// strain error.
/// </summary>
public sealed record StrainTask(int Source, double SourceStrain, int Target, double TargetStrain) : ISpringTask
{
    /// <summary>An actuator's stiffness over the stiffest spring's.</summary>
    public const double ActuatorStiffness = 1e6;

    public SpringEquilibrium Free(SpringNetwork network) => SpringSolver.Solve(Actuated(network, (Source, SourceStrain)));

    /// <summary>The target's actuator too, at the free strain nudged toward the target by eta.</summary>
    public SpringEquilibrium Clamped(SpringNetwork network, SpringEquilibrium free, double eta)
    {
        var strain = Strain(network, free, Target);
        return SpringSolver.Solve(Actuated(network, (Source, SourceStrain), (Target, strain + eta * (TargetStrain - strain))), start: free.Positions);
    }

    public double Cost(SpringNetwork network, SpringEquilibrium free) => 0.5 * Math.Pow(Strain(network, free, Target) - TargetStrain, 2);

    /// <summary>Spring <paramref name="spring"/>'s strain in <paramref name="state"/>, from the distance between its nodes at rest.</summary>
    public static double Strain(SpringNetwork network, SpringEquilibrium state, int spring) =>
        state.Length(network.Springs[spring]) / RestDistance(network, spring) - 1;

    private static double RestDistance(SpringNetwork network, int spring) =>
        network.Nodes[network.Springs[spring].A].DistanceTo(network.Nodes[network.Springs[spring].B]);

    /// <summary>The network with an actuator on each spring given, holding it at the strain given (the springs it acts on are kept: they learn).</summary>
    private static SpringNetwork Actuated(SpringNetwork network, params (int Spring, double Strain)[] actuators)
    {
        var stiffness = ActuatorStiffness * network.Springs.Max(s => s.Stiffness);
        return network.With([.. network.Springs, .. actuators.Select(a =>
            new Spring($"actuator-{a.Spring}", network.Springs[a.Spring].A, network.Springs[a.Spring].B, stiffness, RestDistance(network, a.Spring) * (1 + a.Strain)))]);
    }
}
