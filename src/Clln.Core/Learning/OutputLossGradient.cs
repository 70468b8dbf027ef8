using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Learning;

/// <summary>
/// The exact gradient, with respect to every edge's conductance, of one training step's cost
/// C = 1/2 sum_o (V_o - T_o)^2 on a linear network's free state: what the local rules approximate
/// and a central optimiser would follow. One adjoint solve gives all of it: with lambda the
/// potentials when currents V_o - T_o are driven into the outputs (every held node grounded),
/// dC/dk_e = -(dV_e)(dlambda_e), both drops taken across edge e.
/// </summary>
/// <remarks>
/// Why: Kirchhoff's law on the free nodes is L_ff(k) V = (terms of the held voltages); k_e enters
/// L only through edge e, so dV/dk_e = -L_ff^-1 (dV_e)(u_a - u_b) for its ends a, b, and the chain
/// rule gives (V - T)^T dV/dk_e = -(dV_e)(lambda_a - lambda_b) with lambda = L_ff^-1 (V - T)
/// (L_ff is symmetric). Equilibrium propagation in the limit of a small nudge applies exactly
/// this step; coupled learning's voltage clamp applies it preconditioned by the outputs'
/// stiffness, which agrees with it in direction for one output only.
/// </remarks>
public sealed class OutputLossGradient
{
    private readonly Network _network;
    private readonly int[] _inputs;
    private readonly int[] _outputs;
    private readonly LinearEquilibriumSolver _solver;

    /// <param name="inputs">Input nodes in task order.</param>
    /// <param name="outputs">Output nodes in task order (free in the free state).</param>
    public OutputLossGradient(Network network, int[] inputs, int[] outputs)
    {
        if (!network.IsLinear) throw new ArgumentException("the gradient is defined here for linear networks (resistors) only", nameof(network));
        _network = network;
        _inputs = inputs;
        _outputs = outputs;
        _solver = new LinearEquilibriumSolver(network);
    }

    /// <summary>dC/dk_e, one per edge (V^2 per siemens), for these elements, input voltages and targets.</summary>
    public double[] Of(IReadOnlyList<IEdgeElement> elements, double[] inputVoltages, double[] targets)
    {
        _solver.SetElements(elements);
        var voltages = _solver.SolveVoltages(_network.HeldVoltages(_inputs, inputVoltages));
        var injected = new double[_network.NodeCount];
        for (var o = 0; o < _outputs.Length; o++) injected[_outputs[o]] += voltages[_outputs[o]] - targets[o];
        var adjoint = _solver.SolveInjected(injected);
        var gradient = new double[_network.EdgeCount];
        for (var e = 0; e < gradient.Length; e++)
        {
            var (a, b) = (_network.Edges[e].From, _network.Edges[e].To);
            gradient[e] = -(voltages[a] - voltages[b]) * (adjoint[a] - adjoint[b]);
        }
        return gradient;
    }

    /// <summary>The cost C itself (V^2), for checks by finite differences.</summary>
    public double Cost(IReadOnlyList<IEdgeElement> elements, double[] inputVoltages, double[] targets)
    {
        _solver.SetElements(elements);
        var voltages = _solver.SolveVoltages(_network.HeldVoltages(_inputs, inputVoltages));
        return _outputs.Select((node, o) => 0.5 * (voltages[node] - targets[o]) * (voltages[node] - targets[o])).Sum();
    }
}
