using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;

namespace Clln.Core.Training;

/// <summary>
/// How close each update is to gradient descent: the cosine between the change the network made
/// to its conductances (the update as applied: noisy, clipped, quantised by taps, whatever the
/// engine did) and the true negative gradient of its cost at the state it started from
/// (<see cref="OutputLossGradient"/>; for a mini-batch, the sum of its samples' costs), and the
/// size of the change. An epoch reports the mean of both over its updates (metrics.csv:
/// gradient_cosine, update_norm_s).
/// </summary>
/// <remarks>
/// A step that changed nothing (every edge at a bound, or a tap not reached) has no direction
/// and is left out of the mean cosine, not counted as orthogonal; it counts in the mean size.
/// </remarks>
public sealed class GradientAlignment(OutputLossGradient gradient)
{
    private readonly OutputLossGradient _gradient = gradient;
    private IReadOnlyList<IEdgeElement>? _elements;
    private double[]? _before;
    private double[]? _descent;
    private double _cosineSum;
    private int _directed;
    private double _normSum;
    private int _steps;

    /// <summary>For a linear network (resistors, potentiometers), else null: the gradient is not defined here for gates.</summary>
    public static GradientAlignment? For(Network network, int[] inputs, int[] outputs) =>
        network.IsLinear ? new GradientAlignment(new OutputLossGradient(network, inputs, outputs)) : null;

    /// <summary>The state an update starts from (a step's, or a mini-batch's first step's).</summary>
    public void Begin(IReadOnlyList<IEdgeElement> elements)
    {
        _elements = elements;
        _before = Conductances(elements);
        _descent = new double[_before.Length];
    }

    /// <summary>A sample of the update: its cost's negative gradient at the state the update started from is added to the descent direction.</summary>
    public void AddSample(double[] inputs, double[] targets)
    {
        if (_elements is null || _descent is null) throw new InvalidOperationException("AddSample before Begin");
        var gradient = _gradient.Of(_elements, inputs, targets);
        for (var e = 0; e < _descent.Length; e++) _descent[e] -= gradient[e];
    }

    /// <summary>The state the update ended in.</summary>
    public void End(IReadOnlyList<IEdgeElement> elements)
    {
        if (_before is null || _descent is null) throw new InvalidOperationException("End without Begin");
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
        (_elements, _before, _descent) = (null, null, null);
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
