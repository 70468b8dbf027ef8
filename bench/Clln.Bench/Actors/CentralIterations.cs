using Clln.Actors.Coordination;
using Clln.Core.Model;

namespace Clln.Bench.Actors;

/// <summary>
/// The yardsticks for message counts: plain synchronous Jacobi (every free node sends its voltage
/// on every link, every edge answers on every link, every sweep) and multicolour SOR (the clocked
/// schedule without send thresholds), run centrally until every node is within the tolerance of
/// the exact equilibrium, which they are given (a fair best case: they stop the moment they are right);
/// and Jacobi stopped as the engine must stop, by proving its answer (<see cref="CertifiedJacobiSweeps"/>).
/// </summary>
internal static class CentralIterations
{
    /// <summary>Sweeps until max |V - exact| &lt;= tolerance, or -1 past <paramref name="maxSweeps"/>.</summary>
    public static int JacobiSweeps(Network network, double[] exact, double tolerance, int maxSweeps) =>
        Run(network, maxSweeps, omega: 1, colours: null, (v, _) => MaxError(v, exact) <= tolerance);

    /// <summary>
    /// Sweeps until Jacobi can prove what the engine proves: the largest local correction times the
    /// engine's amplification bound (<see cref="Certificate"/>) within the tolerance. This is Jacobi
    /// as it would have to run without being told the answer; -1 past <paramref name="maxSweeps"/>.
    /// </summary>
    public static int CertifiedJacobiSweeps(Network network, double tolerance, int maxSweeps)
    {
        var held = network.Nodes.Select(node => node.IsHeld).ToArray();
        var amplification = Certificate.For(network, held, new double[network.NodeCount]).Amplification;
        return Run(network, maxSweeps, omega: 1, colours: null, (_, correction) => correction * amplification <= tolerance);
    }

    public static int SorSweeps(Network network, double[] exact, double tolerance, int maxSweeps, double omega, int[] colour) =>
        Run(network, maxSweeps, omega, colour, (v, _) => MaxError(v, exact) <= tolerance);

    private static double MaxError(double[] v, double[] exact)
    {
        var error = 0.0;
        for (var i = 0; i < v.Length; i++) error = Math.Max(error, Math.Abs(v[i] - exact[i]));
        return error;
    }

    /// <summary>Messages of one Jacobi sweep: a voltage and an answer on every link at a free node.</summary>
    public static long JacobiMessagesPerSweep(Network network) =>
        2L * network.Edges.Sum(e => (network.Nodes[e.From].IsHeld ? 0 : 1) + (network.Nodes[e.To].IsHeld ? 0 : 1));

    /// <summary>Greedy colouring in node order, as the engine's clocked schedule does it.</summary>
    public static int[] GreedyColours(Network network)
    {
        var colour = Enumerable.Repeat(-1, network.NodeCount).ToArray();
        for (var i = 0; i < colour.Length; i++)
        {
            var used = new HashSet<int>();
            foreach (var j in network.IncidentEdges[i])
            {
                var e = network.Edges[j];
                var other = e.From == i ? e.To : e.From;
                if (other != i && colour[other] >= 0) used.Add(colour[other]);
            }
            var c = 0;
            while (used.Contains(c)) c++;
            colour[i] = c;
        }
        return colour;
    }

    /// <summary>Sweeps until <paramref name="done"/> (given the voltages and the sweep's largest local correction) holds, or -1.</summary>
    private static int Run(Network network, int maxSweeps, double omega, int[]? colours, Func<double[], double, bool> done)
    {
        var n = network.NodeCount;
        var v = network.Nodes.Select(node => node.IsHeld ? node.Voltage : 0.0).ToArray();
        var k = network.Edges.Select(e => e.Element.LinearConductance!.Value).ToArray();
        var neighbours = new (int Node, double K)[n][];
        for (var i = 0; i < n; i++)
            neighbours[i] = network.IncidentEdges[i].Select(j => (network.Edges[j].From == i ? network.Edges[j].To : network.Edges[j].From, k[j]))
                .Where(p => p.Item1 != i).ToArray();
        var free = Enumerable.Range(0, n).Where(i => !network.Nodes[i].IsHeld).ToArray();
        var groups = colours is null
            ? [free]
            : free.GroupBy(i => colours[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var next = new double[n];
        for (var sweep = 1; sweep <= maxSweeps; sweep++)
        {
            var correction = 0.0;
            foreach (var group in groups)
            {
                foreach (var i in group)
                {
                    double sumK = 0, sumKv = 0;
                    foreach (var (other, conductance) in neighbours[i])
                    {
                        sumK += conductance;
                        sumKv += conductance * v[other];
                    }
                    correction = Math.Max(correction, Math.Abs(sumKv / sumK - v[i]));
                    next[i] = v[i] + omega * (sumKv / sumK - v[i]);
                }
                foreach (var i in group) v[i] = next[i];
            }
            if (done(v, correction)) return sweep;
        }
        return -1;
    }

    /// <summary>
    /// The best SOR omega for a consistently ordered matrix, 2 / (1 + sqrt(1 - rho^2)), with the
    /// Jacobi spectral radius rho estimated by power iteration on the error of Jacobi itself.
    /// </summary>
    public static double OptimalOmega(Network network, int iterations = 3000)
    {
        var n = network.NodeCount;
        var random = new Random(1);
        var e = network.Nodes.Select(node => node.IsHeld ? 0.0 : random.NextDouble()).ToArray();
        var next = new double[n];
        var rho = 0.0;
        for (var it = 0; it < iterations; it++)
        {
            Array.Clear(next);
            var sumK = new double[n];
            foreach (var edge in network.Edges)
            {
                var kk = edge.Element.LinearConductance!.Value;
                next[edge.From] += kk * e[edge.To];
                next[edge.To] += kk * e[edge.From];
                sumK[edge.From] += kk;
                sumK[edge.To] += kk;
            }
            double norm = 0, before = 0;
            for (var i = 0; i < n; i++)
            {
                next[i] = network.Nodes[i].IsHeld ? 0 : next[i] / sumK[i];
                norm += next[i] * next[i];
                before += e[i] * e[i];
            }
            rho = Math.Sqrt(norm / before);
            var scale = 1 / Math.Sqrt(norm);
            for (var i = 0; i < n; i++) e[i] = next[i] * scale;
        }
        return 2 / (1 + Math.Sqrt(Math.Max(0, 1 - rho * rho)));
    }
}
