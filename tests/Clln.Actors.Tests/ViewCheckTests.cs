using Clln.Actors.Coordination;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// A probe's view check finds the same largest distance between an edge's view of a terminal and
/// that node's reading whatever order the readings arrive in (edges before their nodes, after, or
/// mixed), as a brute-force comparison over every edge once all have answered.
/// </summary>
public sealed class ViewCheckTests
{
    [Fact]
    public void The_largest_view_error_does_not_depend_on_the_order_readings_arrive_in()
    {
        var networks = Gen.Int[2, 12].SelectMany(nodes => Gen.Select(
            Gen.Const(nodes),
            Gen.Select(Gen.Int[0, nodes - 1], Gen.Int[0, nodes - 1]).Array[1, 30],
            Gen.Double[-1, 1].Array[4 * nodes],
            Gen.Int[0, int.MaxValue]));
        networks.Sample((nodes, edges, voltages, orderSeed) =>
        {
            var (from, to) = (edges.Select(e => e.Item1).ToArray(), edges.Select(e => e.Item2).ToArray());
            var (free, clamped) = (voltages[..nodes], voltages[nodes..(2 * nodes)]);
            var seen = voltages[(2 * nodes)..]; // what the edges believe: off by a little
            var readings = edges.Select((e, j) => new EdgeReading(1, j,
                free[e.Item1] + 1e-3 * seen[e.Item1], clamped[e.Item1] - 2e-3 * seen[e.Item1],
                free[e.Item2] + 3e-3 * seen[nodes + e.Item2], clamped[e.Item2])).ToArray();
            var truth = readings.Where(m => from[m.Edge] != to[m.Edge]).Select(m => new[]
            {
                Math.Abs(m.AFree - free[from[m.Edge]]), Math.Abs(m.AClamped - clamped[from[m.Edge]]),
                Math.Abs(m.BFree - free[to[m.Edge]]), Math.Abs(m.BClamped - clamped[to[m.Edge]]),
            }.Max()).DefaultIfEmpty(0).Max();

            // Two probes on one check: the first leaves nothing behind for the second.
            var check = new ViewCheck(from, to, nodes);
            var random = new Random(orderSeed);
            for (var probe = 0; probe < 2; probe++)
            {
                var (heard, arrivals) = (new double[2][] { new double[nodes], new double[nodes] }, Shuffled(nodes, readings.Length, random));
                check.Start();
                foreach (var (isNode, index) in arrivals)
                    if (isNode)
                    {
                        (heard[0][index], heard[1][index]) = (free[index], clamped[index]);
                        check.NodeAnswered(index);
                    }
                    else check.EdgeAnswered(readings[index], heard[0], heard[1]);
                Assert.Equal(truth, check.Finish(heard[0], heard[1]));
            }
        }, iter: 500);
    }

    private static List<(bool IsNode, int Index)> Shuffled(int nodes, int edges, Random random)
    {
        var all = Enumerable.Range(0, nodes).Select(i => (true, i)).Concat(Enumerable.Range(0, edges).Select(j => (false, j))).ToList();
        for (var i = all.Count - 1; i > 0; i--)
        {
            var k = random.Next(i + 1);
            (all[i], all[k]) = (all[k], all[i]);
        }
        return all;
    }
}
