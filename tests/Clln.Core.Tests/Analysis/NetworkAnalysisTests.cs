using Clln.Core.Analysis;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Tasks;
using CsCheck;

namespace Clln.Core.Tests.Analysis;

/// <summary>The analysis of what a network became, against circuits whose spectra and responses are known in closed form.</summary>
public sealed class NetworkAnalysisTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(40)]
    public void The_eigenvalues_of_a_grounded_chain_are_2_minus_2_cos(int n)
    {
        // A chain of n free unit conductances between two grounds: the Dirichlet Laplacian.
        var a = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            a[i, i] = 2;
            if (i > 0) a[i, i - 1] = a[i - 1, i] = -1;
        }
        var (values, vectors) = SymmetricEigen.Decompose(a);
        var expected = Enumerable.Range(1, n).Select(k => 2 - 2 * Math.Cos(k * Math.PI / (n + 1))).ToArray();
        for (var k = 0; k < n; k++) Assert.Equal(expected[k], values[k], 1e-12);
        // A V = V diag(values), and V is orthonormal.
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
            {
                var av = Enumerable.Range(0, n).Sum(j => a[i, j] * vectors[j, k]);
                Assert.Equal(values[k] * vectors[i, k], av, 1e-12);
                Assert.Equal(i == k ? 1 : 0, Enumerable.Range(0, n).Sum(j => vectors[j, i] * vectors[j, k]), 1e-12);
            }
    }

    [Fact]
    public void Random_symmetric_matrices_are_rebuilt_from_their_eigenpairs()
    {
        Gen.Int[2, 25].SelectMany(n => Gen.Double[-5, 5].Array[n * n].Select(x => (n, x))).Sample(t =>
        {
            var (n, x) = t;
            var a = new double[n, n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j <= i; j++) a[i, j] = a[j, i] = x[i * n + j];
            var (values, v) = SymmetricEigen.Decompose(a);
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                    if (Math.Abs(Enumerable.Range(0, n).Sum(k => v[i, k] * values[k] * v[j, k]) - a[i, j]) > 1e-10) return false;
            return values.Zip(values.Skip(1), (p, q) => p <= q).All(b => b);
        }, iter: 50);
    }

    [Fact]
    public void A_divider_has_the_response_susceptibility_and_cost_hessian_of_its_formulas()
    {
        // input --k1-- out --k2-- ground: V_out = k1 V_in / (k1 + k2).
        const double k1 = 0.3, k2 = 0.7;
        var network = new NetworkBuilder()
            .AddNode("in", NodeRole.Input, 1.0).AddNode("out").AddNode("gnd", NodeRole.Ground)
            .AddEdge("e1", "in", "out", new Resistor(k1)).AddEdge("e2", "out", "gnd", new Resistor(k2)).Build();
        double[] volts = [0.5, 2.0];
        var samples = volts.Select(v => new TaskSample([v], [0.0])).ToArray();
        var analysis = NetworkAnalysis.Of(network, [0], [1], samples);

        Assert.Equal([k1 + k2], analysis.PhysicalSpectrum);
        Assert.Equal(1 / (k1 + k2), analysis.Susceptibility, 1e-12);
        Assert.Equal(1, analysis.EffectiveDimension, 12);
        Assert.Equal((1.0, 1.0), (analysis.Alignment, analysis.AlignmentBaseline));
        // J = dV/dk = V_in (k2, -k1) / (k1 + k2)^2: the Gauss-Newton Hessian has rank one, its
        // eigenvalue the mean of |J|^2 over the samples.
        var stiff = volts.Average(v => v * v * (k1 * k1 + k2 * k2) / Math.Pow(k1 + k2, 4));
        Assert.Equal(0, analysis.CostSpectrum[0], 12);
        Assert.Equal(stiff, analysis.CostSpectrum[1], 12);
        Assert.Equal([k1, k2], analysis.Conductances);
    }

    [Fact]
    public void A_nonlinear_edge_is_refused()
    {
        var transistor = new NetworkBuilder().AddNode("in", NodeRole.Input, 1).AddNode("gnd", NodeRole.Ground)
            .AddEdge("t", "in", "gnd", new Transistor(1.0)).Build();
        Assert.Contains("linear network", Assert.Throws<ArgumentException>(() => NetworkAnalysis.Of(transistor, [0], [], [])).Message);
    }
}
