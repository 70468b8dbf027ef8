using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Actors.Tests;

/// <summary>
/// How many over-relaxed Gauss-Seidel sweeps a network needs, counted centrally in milliseconds:
/// the clocked schedule's cost in sweeps is of this order and does not depend on the links, so a
/// property about faults can leave the netlists that only a benchmark should relax.
/// </summary>
internal static class CentralSweeps
{
    /// <summary>
    /// Sweeps in node order, from every free node at 0 V, until every node is within
    /// <paramref name="tolerance"/> of the reference equilibrium; <paramref name="limit"/> + 1 when
    /// that takes longer than <paramref name="limit"/> sweeps.
    /// </summary>
    public static int Count(Network network, double omega, double tolerance, int limit)
    {
        var exact = ReferenceSolver.Solve(network).Voltages;
        var v = network.Nodes.Select(n => n.IsHeld ? n.Voltage : 0.0).ToArray();
        for (var sweep = 1; sweep <= limit; sweep++)
        {
            for (var i = 0; i < v.Length; i++)
            {
                if (network.Nodes[i].IsHeld) continue;
                double total = 0, weighted = 0;
                foreach (var e in network.IncidentEdges[i])
                {
                    var edge = network.Edges[e];
                    var g = edge.Element.LinearConductance!.Value;
                    total += g;
                    weighted += g * v[edge.From == i ? edge.To : edge.From];
                }
                v[i] += omega * (weighted / total - v[i]);
            }
            if (v.Zip(exact, (a, b) => Math.Abs(a - b)).Max() <= tolerance) return sweep;
        }
        return limit + 1;
    }
}
