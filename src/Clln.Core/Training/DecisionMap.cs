using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Training;

/// <summary>
/// A two-input network's output O = O+ - O- (the first output node less the second) over the
/// input plane, on an even grid, as the lab draws its classifier: the decision boundary is O = 0.
/// Each point is the free state solved by the reference solver with the inputs held there.
/// </summary>
/// <param name="Values">O in volts, [row, column]: row i at input 2 = <see cref="Low"/> + i step, column j at input 1 likewise.</param>
public sealed record DecisionMap(double Low, double High, int Resolution, double[,] Values)
{
    public double Step => (High - Low) / (Resolution - 1);

    public double Coordinate(int index) => Low + index * Step;

    /// <param name="inputs">The two input nodes (x1, x2).</param>
    /// <param name="outputs">The two output nodes (O+, O-).</param>
    public static DecisionMap Compute(Network network, int[] inputs, int[] outputs, double low, double high, int resolution)
    {
        if (inputs.Length != 2 || outputs.Length != 2)
            throw new ArgumentException($"a decision map needs 2 inputs and 2 outputs, not {inputs.Length} and {outputs.Length}");
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "at least 2 points a side");
        var solver = EquilibriumSolver.For(network, network.Nodes.Select(n => n.IsHeld).ToArray());
        var values = new double[resolution, resolution];
        var held = network.HeldVoltages();
        var step = (high - low) / (resolution - 1);
        for (var i = 0; i < resolution; i++)
            for (var j = 0; j < resolution; j++)
            {
                held[inputs[0]] = low + j * step;
                held[inputs[1]] = low + i * step;
                var v = solver.Solve(held).Voltages;
                values[i, j] = v[outputs[0]] - v[outputs[1]];
            }
        return new DecisionMap(low, high, resolution, values);
    }

    /// <summary>
    /// Points on the boundary O = 0: where O changes sign between grid neighbours, the zero of the
    /// line through them. Enough of them trace the boundary as a dotted curve.
    /// </summary>
    public IReadOnlyList<(double X1, double X2)> Boundary()
    {
        var points = new List<(double, double)>();
        for (var i = 0; i < Resolution; i++)
            for (var j = 0; j < Resolution; j++)
            {
                var here = Values[i, j];
                if (j + 1 < Resolution && Math.Sign(here) != Math.Sign(Values[i, j + 1]))
                    points.Add((Coordinate(j) + Step * here / (here - Values[i, j + 1]), Coordinate(i)));
                if (i + 1 < Resolution && Math.Sign(here) != Math.Sign(Values[i + 1, j]))
                    points.Add((Coordinate(j), Coordinate(i) + Step * here / (here - Values[i + 1, j])));
            }
        return points;
    }
}
