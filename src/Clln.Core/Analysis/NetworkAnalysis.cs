using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Tasks;

namespace Clln.Core.Analysis;

/// <summary>
/// What a linear network is, read the way Stern, Liu and Balasubramanian read trained networks
/// ("The physical effects of learning", arXiv:2306.12928; Stern, Guzman, Martins, Liu,
/// Balasubramanian, "Physical networks become what they learn", PRL 134, 147402, 2025): the
/// spectrum of the physical Hessian (the Laplacian L_ff of the nodes free while the inputs are
/// held: d^2 P / dV^2 / 2), that of the cost Hessian (Gauss-Newton, the mean of J^T J over the
/// training samples, J = dV_out / dk), and three of their signatures of learning: the effective
/// dimension of the response to the inputs, the susceptibility, and how much of the input
/// response lies in the softest physical modes.
/// </summary>
/// <param name="Conductances">Siemens, one per edge.</param>
/// <param name="PhysicalSpectrum">Eigenvalues of L_ff, siemens, ascending.</param>
/// <param name="CostSpectrum">Eigenvalues of the cost Hessian, V^2/S^2, ascending.</param>
/// <param name="EffectiveDimension">Participation ratio of the input response's singular values squared: 1 when the inputs drive one pattern, the number of inputs when they drive independent equal ones.</param>
/// <param name="Susceptibility">Ohms: the mean over free nodes of the voltage a unit current injected there raises (the diagonal of L_ff^-1).</param>
/// <param name="Alignment">The share of the input response (its squared Frobenius norm) in the span of the m softest physical modes, m the number of inputs.</param>
/// <param name="AlignmentBaseline">m over the number of free nodes: the share a random subspace of that size holds on average.</param>
public sealed record NetworkAnalysis(double[] Conductances, double[] PhysicalSpectrum, double[] CostSpectrum,
    double EffectiveDimension, double Susceptibility, double Alignment, double AlignmentBaseline)
{
    /// <summary>Dense matrices: beyond this many free nodes or edges the analysis is refused (O(n^3) time).</summary>
    public const int MaxSize = 800;

    /// <param name="inputs">Input nodes (held during operation), in task order.</param>
    /// <param name="outputs">Output nodes (free in the free state), in task order.</param>
    /// <param name="train">The training samples (their input voltages).</param>
    /// <exception cref="ArgumentException">A nonlinear element, a network too large, or free nodes not tied to any held node.</exception>
    public static NetworkAnalysis Of(Network network, int[] inputs, int[] outputs, IReadOnlyList<TaskSample> train)
    {
        var k = network.Edges.Select(e => e.Element.LinearConductance ?? throw new ArgumentException($"edge '{e.Name}' is a {e.Element.Kind}: the analysis needs a linear network (resistors)")).ToArray();
        var held = network.Nodes.Select(n => n.IsHeld).ToArray();
        foreach (var i in inputs) held[i] = true;
        var free = Enumerable.Range(0, network.NodeCount).Where(i => !held[i]).ToArray();
        if (free.Length > MaxSize || k.Length > MaxSize)
            throw new ArgumentException($"the analysis builds dense matrices: at most {MaxSize} free nodes and edges, not {free.Length} and {k.Length}");
        var row = Enumerable.Repeat(-1, network.NodeCount).ToArray();
        for (var r = 0; r < free.Length; r++) row[free[r]] = r;

        // The physical Hessian and the inputs' coupling into the free nodes.
        var laplacian = new double[free.Length, free.Length];
        var coupling = new double[free.Length, inputs.Length];
        for (var e = 0; e < k.Length; e++)
        {
            var (a, b) = (network.Edges[e].From, network.Edges[e].To);
            var (ra, rb) = (row[a], row[b]);
            if (ra >= 0) laplacian[ra, ra] += k[e];
            if (rb >= 0) laplacian[rb, rb] += k[e];
            if (ra >= 0 && rb >= 0) { laplacian[ra, rb] -= k[e]; laplacian[rb, ra] -= k[e]; }
            for (var i = 0; i < inputs.Length; i++)
            {
                if (ra >= 0 && b == inputs[i]) coupling[ra, i] += k[e];
                if (rb >= 0 && a == inputs[i]) coupling[rb, i] += k[e];
            }
        }
        var (modes, vectors) = SymmetricEigen.Decompose(laplacian);
        if (modes.Length > 0 && modes[0] <= 1e-12 * modes[^1])
            throw new ArgumentException("some free nodes are tied to no held node (a zero mode): the network's response is not defined");

        // L_ff^-1 x through the eigenbasis.
        double[] Solve(double[] x)
        {
            var y = new double[x.Length];
            for (var m = 0; m < modes.Length; m++)
            {
                var c = 0.0;
                for (var r = 0; r < x.Length; r++) c += vectors[r, m] * x[r];
                c /= modes[m];
                for (var r = 0; r < x.Length; r++) y[r] += c * vectors[r, m];
            }
            return y;
        }

        // The response of the free nodes to each input volt (others at 0): R = L_ff^-1 B.
        var response = Enumerable.Range(0, inputs.Length).Select(i => Solve(Enumerable.Range(0, free.Length).Select(r => coupling[r, i]).ToArray())).ToArray();
        var gram = new double[inputs.Length, inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
            for (var j = 0; j < inputs.Length; j++) gram[i, j] = response[i].Zip(response[j], (x, y) => x * y).Sum();
        var singular = SymmetricEigen.Decompose(gram).Values.Select(v => Math.Max(v, 0)).ToArray();
        var effectiveDimension = singular.Sum() is var total && total > 0 ? total * total / singular.Sum(v => v * v) : double.NaN;
        var soft = Math.Min(inputs.Length, free.Length);
        var inSoft = 0.0;
        for (var m = 0; m < soft; m++)
            foreach (var column in response)
            {
                var c = 0.0;
                for (var r = 0; r < free.Length; r++) c += vectors[r, m] * column[r];
                inSoft += c * c;
            }
        var alignment = total > 0 ? inSoft / total : double.NaN;
        var susceptibility = free.Length == 0 ? double.NaN : Enumerable.Range(0, free.Length).Average(r =>
            Enumerable.Range(0, modes.Length).Sum(m => vectors[r, m] * vectors[r, m] / modes[m]));

        return new NetworkAnalysis(k, modes, GaussNewtonSpectrum(network, k, inputs, outputs, train, row, free.Length, Solve),
            effectiveDimension, susceptibility, alignment, free.Length == 0 ? double.NaN : (double)soft / free.Length);
    }

    /// <summary>
    /// The Gauss-Newton cost Hessian, the mean over the training samples of J^T J with
    /// J[o, e] = dV_o / dk_e = -(dV_e)(dlambda_o,e), lambda_o = L_ff^-1 u_o the adjoint of output o.
    /// </summary>
    private static double[] GaussNewtonSpectrum(Network network, double[] k, int[] inputs, int[] outputs, IReadOnlyList<TaskSample> train, int[] row, int freeCount, Func<double[], double[]> solve)
    {
        var edges = k.Length;
        var adjoints = outputs.Select(o =>
        {
            var unit = new double[freeCount];
            if (row[o] >= 0) unit[row[o]] = 1;
            var potential = solve(unit);
            return Enumerable.Range(0, network.NodeCount).Select(i => row[i] >= 0 ? potential[row[i]] : 0).ToArray();
        }).ToArray();
        var hessian = new double[edges, edges];
        foreach (var sample in train)
        {
            // The free state for the sample: held nodes at their voltages, inputs at the sample's.
            var source = new double[freeCount];
            var held = network.HeldVoltages(inputs, sample.Inputs);
            for (var e = 0; e < edges; e++)
            {
                var (a, b) = (network.Edges[e].From, network.Edges[e].To);
                if (row[a] >= 0 && row[b] < 0) source[row[a]] += k[e] * held[b];
                if (row[b] >= 0 && row[a] < 0) source[row[b]] += k[e] * held[a];
            }
            var solved = solve(source);
            var v = Enumerable.Range(0, network.NodeCount).Select(i => row[i] >= 0 ? solved[row[i]] : held[i]).ToArray();
            foreach (var lambda in adjoints)
            {
                var j = new double[edges];
                for (var e = 0; e < edges; e++)
                {
                    var (a, b) = (network.Edges[e].From, network.Edges[e].To);
                    j[e] = -(v[a] - v[b]) * (lambda[a] - lambda[b]);
                }
                for (var p = 0; p < edges; p++)
                    for (var q = 0; q < edges; q++) hessian[p, q] += j[p] * j[q] / train.Count;
            }
        }
        return SymmetricEigen.Decompose(hessian).Values;
    }
}
