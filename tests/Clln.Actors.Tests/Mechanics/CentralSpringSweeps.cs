using Clln.Actors.Mechanics;
using Clln.Core.Mechanics;

namespace Clln.Actors.Tests.Mechanics;

/// <summary>
/// How many sweeps a central relaxation of an elastic network takes from rest to within a
/// tolerance of its equilibrium, linearised there: node by node 2x2 block steps in the actors'
/// colour order (over-relaxed Gauss-Seidel, the clocked schedule) or all at once (Jacobi, what
/// free-running relaxation resembles). What a generated case will cost the actors, known before
/// they run: property tests keep the cases a unit test can afford.
/// </summary>
internal static class CentralSpringSweeps
{
    public static int Count(SpringNetwork network, double[] held, bool gaussSeidel, double omega, double tolerance, int limit)
    {
        var equilibrium = SpringSolver.Solve(network, held).Positions;
        var h = SpringForces.Hessian(network, equilibrium);
        var n = network.Nodes.Count;
        var colour = new SpringBoard(network, new ActorEngineOptions()).Colour; // the actors' own colouring
        var order = Enumerable.Range(0, n).Where(i => !network.Nodes[i].Held).OrderBy(i => gaussSeidel ? colour[i] : 0).ToArray();
        var error = network.RestPositions().Select((x, d) => network.Nodes[d / 2].Held ? 0 : x - equilibrium[d]).ToArray();
        for (var sweep = 1; sweep <= limit; sweep++)
        {
            var before = error.ToArray();
            foreach (var i in order)
            {
                var source = gaussSeidel ? error : before;
                double rx = 0, ry = 0;
                for (var d = 0; d < 2 * n; d++)
                {
                    rx -= h[2 * i, d] * source[d];
                    ry -= h[2 * i + 1, d] * source[d];
                }
                var (a, b, c) = (h[2 * i, 2 * i], h[2 * i, 2 * i + 1], h[2 * i + 1, 2 * i + 1]);
                var det = a * c - b * b;
                error[2 * i] += omega * (c * rx - b * ry) / det;
                error[2 * i + 1] += omega * (a * ry - b * rx) / det;
            }
            if (Enumerable.Range(0, n).All(i => Math.Sqrt(error[2 * i] * error[2 * i] + error[2 * i + 1] * error[2 * i + 1]) <= tolerance)) return sweep;
        }
        return limit + 1;
    }
}
