using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Tasks;

namespace Clln.Bench.Gen2;

/// <summary>
/// How strongly the gates move each component of the nonlinear regression's test error, at the
/// start of a run: |d e_c / d V_G| over all gates (volts of component per volt of gate, by finite
/// differences on the reference solver), each times the root mean square of its Legendre
/// polynomial on [-1, 1] (1, 1/sqrt 3, 1/sqrt 5), so that its square is what the component weighs
/// in the loss's gradient. Under gradient descent a component falls at a rate that scales as the
/// square of this: the spectral bias in numbers.
/// </summary>
public static class ComponentSensitivity
{
    public static double[] AtStart(Experiment experiment)
    {
        var run = ExperimentSetup.Prepare(experiment);
        var task = (PolynomialRegressionTask)run.Task;
        var network = run.CreateReferenceNetwork();
        var start = network.ReadElementsAsync(default).GetAwaiter().GetResult();
        double[] Components(IEdgeElement[] elements)
        {
            network.RestoreAsync(elements, 0, null, default).GetAwaiter().GetResult();
            var outputs = task.Test.Select(s => network.MeasureAsync(s.Inputs, default).GetAwaiter().GetResult().Outputs).ToArray();
            return task.ErrorComponents(task.Test, outputs);
        }
        const double step = 1e-4; // volts of gate: well inside the square law's smooth region
        var at = Components(start);
        double[] weights = [1, Math.Sqrt(1.0 / 3), Math.Sqrt(1.0 / 5)];
        var squares = new double[3];
        for (var j = 0; j < start.Length; j++)
        {
            if (start[j] is not Transistor t) continue;
            var moved = start.ToArray();
            moved[j] = t.WithGate(t.GateVoltage + step);
            var after = Components(moved);
            for (var c = 0; c < 3; c++) squares[c] += Math.Pow(weights[c] * (after[c] - at[c]) / step, 2);
        }
        return squares.Select(Math.Sqrt).ToArray();
    }
}
