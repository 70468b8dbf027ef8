using Clln.Core.Elements;
using Clln.Core.Training;

namespace Clln.Actors;

/// <summary>
/// What one relaxation phase holds and changes. Arrays are indexed like the network's nodes and
/// edges; a held voltage is a finite number and NaN leaves the node free (as in ReferenceSolver).
/// </summary>
/// <param name="HoldFree">The free twin's held voltages; null: the network's own held nodes.</param>
/// <param name="HoldClamped">The clamped twin's (it usually holds the outputs too); null: the same as the free twin.</param>
/// <param name="Elements">Every edge's element from this phase on (learning replaced some); null: keep.</param>
/// <param name="Start">Starting voltages for a cold start (NaN: keep that node's); null: start from the last equilibrium.</param>
/// <param name="Targets">
/// Per node, an output's target voltage (NaN: none). Such a node clamps its own clamped twin at
/// V_F + <paramref name="Eta"/> (V_T - V_F) from the free voltage it settled at in the previous
/// phase; the caller computes no clamp.
/// </param>
/// <param name="Tether">
/// With <paramref name="Targets"/>: equilibrium propagation's current nudge instead of a clamp.
/// Each output stays free in the clamped twin, tied to its target through <paramref name="Eta"/>
/// siemens (it draws Eta (V_T - V) from the tie, whatever voltage it settles at).
/// </param>
/// <param name="Dynamics">Continuous learning: the phase ticks the relaxation dynamics while the edges learn, and certifies nothing (null: a certified relaxation).</param>
public sealed record PhaseSpec(
    double[]? HoldFree = null,
    double[]? HoldClamped = null,
    IReadOnlyList<IEdgeElement>? Elements = null,
    double[]? Start = null,
    double[]? Targets = null,
    double Eta = 0,
    bool Tether = false,
    LearningDynamics? Dynamics = null);

/// <summary>
/// One training step of continuous learning on the actors: <paramref name="Ticks"/> ticks of the
/// clock, at each of which every free node moves by <paramref name="Damping"/> of its local
/// correction (an Euler step of its relaxation) and every edge integrates its update over
/// 1/<paramref name="Ticks"/> of learning step <paramref name="Step"/> from the drops it sees.
/// </summary>
public sealed record LearningDynamics(int Ticks, double Damping, long Step)
{
    /// <summary>The same discretisation as the reference engine's (see <see cref="ContinuousLearningNetwork.Discretise"/>).</summary>
    public static LearningDynamics For(double timescaleRatio, long step)
    {
        var (ticks, _, damping) = ContinuousLearningNetwork.Discretise(timescaleRatio);
        return new LearningDynamics(ticks, damping, step);
    }
}
