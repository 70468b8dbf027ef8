using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;

namespace Clln.Core.Training;

/// <summary>
/// How close each training step is to gradient descent: the cosine between the change the
/// network made to its conductances (the update as applied: noisy, clipped, quantised by taps,
/// whatever the engine did) and the true negative gradient of that step's cost at the state it
/// started from (<see cref="OutputLossGradient"/>), and the size of the change. An epoch reports
/// the mean of both over its steps (metrics.csv: gradient_cosine, update_norm_s).
/// </summary>
/// <remarks>
/// A step that changed nothing (every edge at a bound, or a tap not reached) has no direction
/// and is left out of the mean cosine, not counted as orthogonal; it counts in the mean size.
/// </remarks>
public sealed class GradientAlignment(OutputLossGradient gradient)
{
    private double[]? _before;
    private double[]? _descent;
    private double _cosineSum;
    private int _directed;
    private double _normSum;
    private int _steps;

    /// <summary>For a linear network (resistors, potentiometers), else null: the gradient is not defined here for gates.</summary>
    public static GradientAlignment? For(Network network, int[] inputs, int[] outputs) =>
        network.IsLinear ? new GradientAlignment(new OutputLossGradient(network, inputs, outputs)) : null;

    /// <summary>The state a step starts from: its conductances, and the gradient of its cost there.</summary>
    public void Before(IReadOnlyList<IEdgeElement> elements, double[] inputs, double[] targets)
    {
        _before = Conductances(elements);
        _descent = gradient.Of(elements, inputs, targets).Select(g => -g).ToArray();
    }

    /// <summary>The state the step ended in.</summary>
    public void After(IReadOnlyList<IEdgeElement> elements)
    {
        if (_before is null || _descent is null) throw new InvalidOperationException("After without Before");
        var after = Conductances(elements);
        double dot = 0, update = 0, descent = 0;
        for (var e = 0; e < after.Length; e++)
        {
            var change = after[e] - _before[e];
            dot += change * _descent[e];
            update += change * change;
            descent += _descent[e] * _descent[e];
        }
        _normSum += Math.Sqrt(update);
        _steps++;
        if (update > 0 && descent > 0 && double.IsFinite(dot))
        {
            _cosineSum += dot / Math.Sqrt(update * descent);
            _directed++;
        }
        (_before, _descent) = (null, null);
    }

    /// <summary>The epoch's mean cosine (NaN if no step changed anything) and mean update size in siemens (NaN without steps); starts the next epoch.</summary>
    public (double Cosine, double UpdateNorm) EndEpoch()
    {
        var result = (_directed > 0 ? _cosineSum / _directed : double.NaN, _steps > 0 ? _normSum / _steps : double.NaN);
        (_cosineSum, _directed, _normSum, _steps) = (0, 0, 0, 0);
        return result;
    }

    private static double[] Conductances(IReadOnlyList<IEdgeElement> elements) =>
        elements.Select(e => e.LinearConductance ?? throw new ArgumentException($"a {e.Kind} has no fixed conductance")).ToArray();
}
