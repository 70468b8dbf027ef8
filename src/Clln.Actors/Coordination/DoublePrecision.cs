namespace Clln.Actors.Coordination;

/// <summary>What double precision resolves, for the coordinators' threshold floors.</summary>
internal static class DoublePrecision
{
    /// <summary>2^-52, the spacing of doubles at 1 (<see cref="double.Epsilon"/> is the smallest subnormal instead).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;
}
