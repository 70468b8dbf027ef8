namespace Clln.Core.Training;

/// <summary>
/// How a training step makes the second state the edges compare with the free one, which is
/// what sets the learning rule (experiment field <c>rule</c>).
/// </summary>
public enum Nudge
{
    /// <summary>
    /// Coupled learning (Stern et al., PRX 2021): the outputs held at V_F + eta (V_T - V_F), a
    /// voltage clamp; every edge updates from its two drops.
    /// </summary>
    Clamp,

    /// <summary>
    /// Equilibrium propagation (Scellier and Bengio 2017; Kendall et al. 2020 for resistive
    /// networks): each output tied to its target through a conductance of eta siemens, i.e. a
    /// current eta (V_T - V) injected into it; the same local update, divided by the same eta.
    /// As eta goes to 0 it is the exact gradient step of <see cref="Exact"/>.
    /// </summary>
    Current,

    /// <summary>
    /// The yardstick: a central optimiser stepping every conductance along the exact negative
    /// gradient of the step's cost 1/2 sum (V_o - V_T)^2 (one adjoint solve), dk = -2 alpha (1 S) dC/dk,
    /// the rate equilibrium propagation approaches. Not local: it needs the whole network.
    /// </summary>
    Exact,
}
