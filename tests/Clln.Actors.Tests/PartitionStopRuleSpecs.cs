using Clln.Actors.Members;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// The partitions' rule for ending a round of clocked steps with no one watching the whole network
/// (PartitionClock.Stops), checked apart from Akka on generated partition graphs and schedules:
/// each partition knows whether it was busy at a step and what its neighbours' StepDone said,
/// exactly as the clock passes it on, and every partition must stop at one and the same step,
/// never before a step that found every partition idle (after which nothing moves again) and
/// D - 1 steps after the first such step (D: the diameter of the partition graph, computed here
/// apart), or D - 1 steps after a divergence.
/// </summary>
public sealed class PartitionStopRuleSpecs
{
    /// <summary>A connected graph of 1 to 6 partitions (a random spanning tree plus chords), and which partition is busy at which step.</summary>
    private static readonly Gen<(int Partitions, bool[,] Links, bool[,] Busy, (int Partition, int Step)? Divergence)> Rounds =
        Gen.Select(Gen.Int[1, 6], Gen.Int[-1, 40], Gen.Int[0, 1_000_000], Gen.Bool)
            .Select((partitions, lastBusy, seed, diverges) =>
            {
                var random = new Random(seed);
                var links = new bool[partitions, partitions];
                for (var p = 1; p < partitions; p++)
                {
                    var q = random.Next(p);
                    links[p, q] = links[q, p] = true;
                }
                for (var chord = 0; chord < partitions; chord++)
                {
                    var (p, q) = (random.Next(partitions), random.Next(partitions));
                    if (p != q) links[p, q] = links[q, p] = true;
                }
                // Some partition busy at every step up to the last busy one; after it, every partition idle for good (silence).
                var busy = new bool[partitions, lastBusy + 200];
                for (var k = 0; k <= lastBusy; k++)
                {
                    var any = false;
                    for (var p = 0; p < partitions; p++) any |= busy[p, k] = random.NextDouble() < 0.3;
                    if (!any) busy[random.Next(partitions), k] = true;
                }
                (int, int)? divergence = diverges && lastBusy >= 0 ? (random.Next(partitions), random.Next(lastBusy + 1)) : null;
                return (partitions, links, busy, divergence);
            });

    [Fact]
    public void Every_partition_stops_at_the_same_step_once_a_step_found_all_idle_or_a_divergence_is_known_everywhere()
    {
        Rounds.Sample(round =>
        {
            var (partitions, links, busy, divergence) = round;
            var diameter = Diameter(links);
            var lastBusy = Enumerable.Range(0, busy.GetLength(1)).Where(k => Enumerable.Range(0, partitions).Any(p => busy[p, k])).DefaultIfEmpty(-1).Max();
            var known = Enumerable.Repeat(-1, partitions).ToArray();
            var diverged = Enumerable.Repeat(int.MaxValue, partitions).ToArray();
            var stopped = new int?[partitions];
            for (var step = 0; stopped.Any(s => s is null); step++)
            {
                Assert.True(step < busy.GetLength(1), "a round never stopped");
                // Each partition works (busy or not, a divergence at this step), then says so to its neighbours (StepDone).
                var said = new (int Busy, int Divergence)[partitions];
                for (var p = 0; p < partitions; p++)
                {
                    if (stopped[p] is not null) continue;
                    if (busy[p, step]) known[p] = step;
                    if (divergence is { } d && d.Partition == p && d.Step == step) diverged[p] = Math.Min(diverged[p], step);
                    said[p] = (known[p], diverged[p]);
                }
                // Once all its neighbours have said so, each takes in what they said and decides.
                for (var p = 0; p < partitions; p++)
                {
                    if (stopped[p] is not null) continue;
                    for (var q = 0; q < partitions; q++)
                        if (links[p, q])
                        {
                            Assert.True(stopped[q] is null || stopped[q] == step, $"partition {p} waits at step {step} for partition {q}, which stopped at {stopped[q]}");
                            (known[p], diverged[p]) = (Math.Max(known[p], said[q].Busy), Math.Min(diverged[p], said[q].Divergence));
                        }
                    if (PartitionClock.Stops(step, known[p], diverged[p], PartitionClock.Diameter(Neighbours(links)))) stopped[p] = step;
                }
            }
            var at = stopped[0]!.Value;
            Assert.All(stopped, s => Assert.Equal(at, s));
            Assert.Equal(divergence is { } happened ? happened.Step + diameter - 1 : lastBusy + diameter, at);
        }, iter: 2000);
    }

    [Fact]
    public void The_diameter_is_the_longest_shortest_path_between_partitions()
    {
        // A chain of four: 3 steps end to end; a triangle: 1; one partition alone: 1 (a step still has to be taken).
        var chain = new bool[4, 4];
        for (var p = 0; p < 3; p++) chain[p, p + 1] = chain[p + 1, p] = true;
        Assert.Equal(3, PartitionClock.Diameter(Neighbours(chain)));
        var triangle = new bool[3, 3] { { false, true, true }, { true, false, true }, { true, true, false } };
        Assert.Equal(1, PartitionClock.Diameter(Neighbours(triangle)));
        Assert.Equal(1, PartitionClock.Diameter(Neighbours(new bool[1, 1])));
    }

    private static ISet<int>[] Neighbours(bool[,] links) =>
        Enumerable.Range(0, links.GetLength(0)).Select(p => (ISet<int>)Enumerable.Range(0, links.GetLength(0)).Where(q => links[p, q]).ToHashSet()).ToArray();

    /// <summary>The longest shortest path by Floyd and Warshall (an independent count of what the clock computes by breadth-first search).</summary>
    private static int Diameter(bool[,] links)
    {
        var n = links.GetLength(0);
        var d = new int[n, n];
        for (var p = 0; p < n; p++)
            for (var q = 0; q < n; q++)
                d[p, q] = p == q ? 0 : links[p, q] ? 1 : 1_000;
        for (var k = 0; k < n; k++)
            for (var p = 0; p < n; p++)
                for (var q = 0; q < n; q++)
                    d[p, q] = Math.Min(d[p, q], d[p, k] + d[k, q]);
        var most = 1;
        for (var p = 0; p < n; p++)
            for (var q = 0; q < n; q++)
                most = Math.Max(most, d[p, q]);
        return most;
    }
}
