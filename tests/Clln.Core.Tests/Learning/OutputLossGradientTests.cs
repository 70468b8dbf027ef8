using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Topologies;
using Clln.Core.Training;
using CsCheck;

namespace Clln.Core.Tests.Learning;

/// <summary>
/// The adjoint gradient of a step's cost against independent truths: central finite differences
/// on generated ill-conditioned networks, and coupled learning's own update, which in the limit of
/// a small nudge points along it for one output (and only for one: see OutputLossGradient).
/// </summary>
public sealed class OutputLossGradientTests
{
    /// <summary>A generated network, its held sources as inputs (at new voltages), some free nodes as outputs, and targets.</summary>
    private static (Network Network, int[] Inputs, double[] InputVolts, int[] Outputs, double[] Targets) Task(int nodes, int chords, int outputs, int seed)
    {
        var network = RandomNetlist.Generate(nodes, chords, decades: 5, sources: 2, seed);
        var random = new Random(seed);
        var inputs = Enumerable.Range(1, nodes - 1).Where(i => network.Nodes[i].IsHeld).ToArray();
        var free = Enumerable.Range(0, nodes).Where(i => !network.Nodes[i].IsHeld).OrderBy(_ => random.Next()).Take(outputs).ToArray();
        return (network, inputs, inputs.Select(_ => random.NextDouble() * 2 - 1).ToArray(), free, free.Select(_ => random.NextDouble() - 0.5).ToArray());
    }

    [Fact]
    public void The_adjoint_gradient_equals_central_finite_differences_on_generated_networks()
    {
        Gen.Select(Gen.Int[8, 60], Gen.Int[0, 40], Gen.Int[1, 3], Gen.Int[0, 1_000_000]).Sample((nodes, chords, outputs, seed) =>
        {
            var (network, inputs, volts, outs, targets) = Task(nodes, chords, outputs, seed);
            var gradient = new OutputLossGradient(network, inputs, outs);
            var elements = network.Edges.Select(e => e.Element).ToArray();
            var adjoint = gradient.Of(elements, volts, targets);
            var differences = new double[elements.Length];
            var uncertainty = new double[elements.Length];
            for (var e = 0; e < elements.Length; e++)
            {
                var k = elements[e].LinearConductance!.Value;
                IEdgeElement[] Moved(double by) { var m = elements.ToArray(); m[e] = new Resistor(k + by); return m; }
                double Central(double h) => (gradient.Cost(Moved(h), volts, targets) - gradient.Cost(Moved(-h), volts, targets)) / (2 * h);
                // Richardson's extrapolation of two central differences (error O(h^4)); how far the
                // two differ bounds the extrapolation's own error, truncation and rounding in the
                // solved costs alike (the latter dominates for tiny conductances on ill-conditioned networks).
                var (coarse, fine) = (Central(1e-2 * k), Central(0.5e-2 * k));
                differences[e] = (4 * fine - coarse) / 3;
                uncertainty[e] = Math.Abs(fine - coarse);
            }
            var scale = Math.Sqrt(adjoint.Sum(g => g * g));
            // Outputs already at their targets leave a gradient below what differences of solved
            // costs can resolve (seen: 5.6e-9 against a natural size C / k of order 1): nothing to compare.
            var natural = gradient.Cost(elements, volts, targets) / elements.Select(x => x.LinearConductance!.Value).Order().ElementAt(elements.Length / 2);
            if (scale < 1e-6 * natural) return;
            // Every edge within 1e-6 of the gradient's size, beyond what the differences themselves can resolve.
            var worst = Enumerable.Range(0, elements.Length).MaxBy(e => Math.Abs(adjoint[e] - differences[e]) - 10 * uncertainty[e]);
            Assert.True(Math.Abs(adjoint[worst] - differences[worst]) <= 1e-6 * scale + 10 * uncertainty[worst],
                $"edge {worst}: adjoint {adjoint[worst]:G6}, differences {differences[worst]:G6} (uncertain by {uncertainty[worst]:G3}), gradient size {scale:G3}, k {elements[worst].LinearConductance:G3}");
        }, iter: 60);
    }

    /// <summary>The cosine of coupled learning's first step with the true negative gradient, at nudge eta (reference trainer, nothing clipped).</summary>
    private static double CoupledLearningCosine(int outputs, double eta, int seed)
    {
        var (network, inputs, volts, outs, targets) = Task(30, 20, outputs, seed);
        var rule = new ContinuousRule(Alpha: 1e-6, Eta: eta, MinConductance: 1e-12, MaxConductance: 1e12);
        var twin = new ReferenceTwinNetwork(network, inputs, outs, rule, eta, UpdateClock.Global);
        var alignment = GradientAlignment.For(network, inputs, outs)!;
        alignment.Begin(twin.ReadElementsAsync(default).Result);
        alignment.AddSample(volts, targets);
        twin.TrainStepAsync(volts, targets, default).Wait();
        alignment.End(twin.ReadElementsAsync(default).Result);
        return alignment.EndEpoch().Cosine;
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void With_one_output_coupled_learning_tends_to_the_gradient_as_the_nudge_vanishes(int seed)
    {
        double[] etas = [0.5, 0.1, 0.01, 0.001];
        var cosines = etas.Select(eta => CoupledLearningCosine(outputs: 1, eta, seed)).ToArray();
        // The clamp's second-order term shrinks with eta: the cosine climbs toward 1.
        Assert.True(cosines[^1] > 0.9999, $"cosines {string.Join(", ", cosines)}");
        Assert.True(1 - cosines[^1] <= 1 - cosines[0] + 1e-12, $"cosines {string.Join(", ", cosines)}");
        Assert.All(cosines, c => Assert.True(c > 0, $"a step against the gradient: {c}"));
    }

    [Fact]
    public void With_several_outputs_coupled_learning_descends_but_along_another_direction()
    {
        // The voltage clamp weighs the outputs' errors by their stiffness: the small-nudge limit is a
        // descent direction (positive cosine), not the gradient itself.
        var cosines = Enumerable.Range(21, 5).Select(seed => CoupledLearningCosine(outputs: 3, eta: 1e-4, seed)).ToArray();
        Assert.All(cosines, c => Assert.InRange(c, 0, 1));
        Assert.Contains(cosines, c => c < 0.999);
    }

    [Fact]
    public void Metrics_rows_keep_the_gradient_columns_and_rows_from_before_them_have_none()
    {
        var row = new EpochMetrics(3, 0.1, 0.9, 0.2, 0.8, 1e-3, 100, 5) { GradientCosine = 0.75, UpdateNorm = 2e-4 };
        var back = EpochMetrics.FromCsv(row.ToCsv());
        Assert.Equal((0.75, 2e-4), (back.GradientCosine, back.UpdateNorm));
        var withComponents = EpochMetrics.FromCsv((row with { ErrorComponents = [1, 2, 3] }).ToCsv());
        Assert.Equal(new double[] { 1, 2, 3 }, withComponents.ErrorComponents);
        Assert.Equal(0.75, withComponents.GradientCosine);
        var older = string.Join(',', row.ToCsv().Split(',').Take(12));
        Assert.True(double.IsNaN(EpochMetrics.FromCsv(older).GradientCosine));
        Assert.Equal(EpochMetrics.CsvHeader.Split(',').Length, row.ToCsv().Split(',').Length);
    }
}
