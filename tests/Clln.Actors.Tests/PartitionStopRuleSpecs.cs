using Clln.Actors.Members;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// The partitions' rule for ending a round of clocked steps with no one watching the whole network
/// (PartitionClock.Stops), checked apart from Akka on generated partition graphs and schedules:
/// each partition knows its own work and what its neighbours' StepDone said, exactly as the clock
/// passes it on, and every partition must stop at one and the same step, never before the
/// relaxation is silent (C steps in a row without work anywhere) and never leaving a divergence
/// running more than P - 1 steps.
/// </summary>
public sealed class PartitionStopRuleSpecs
{
    /// <summary>A connected graph of 1 to 6 partitions (a random spanning tree plus chords), 2 to 4 colours, and which partition works at which step.</summary>
    private static readonly Gen<(int Partitions, int Colours, bool[,] Links, bool[,] Work, (int Partition, int Step)? Divergence)> Rounds =
        Gen.Select(Gen.Int[1, 6], Gen.Int[2, 4], Gen.Int[0, 40], Gen.Int[0, 1_000_000], Gen.Bool)
            .Select((partitions, colours, lastWork, seed, diverges) =>
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
                // Work at steps 0..lastWork, never C steps in a row idle everywhere before the last (that would be silence).
                var steps = lastWork + 1;
                var work = new bool[partitions, steps + 200];
                var idle = 0;
                for (var k = 0; k < steps; k++)
                {
                    var any = false;
                    for (var p = 0; p < partitions; p++) any |= work[p, k] = random.NextDouble() < 0.3;
                    if (!any && (idle == colours - 1 || k == lastWork)) work[random.Next(partitions), k] = any = true;
                    idle = any ? 0 : idle + 1;
                }
                (int, int)? divergence = diverges && steps > 0 ? (random.Next(partitions), random.Next(steps)) : null;
                return (partitions, colours, links, work, divergence);
            });

    [Fact]
    public void Every_partition_stops_at_the_same_step_once_the_round_is_silent_or_a_divergence_is_known_everywhere()
    {
        Rounds.Sample(round =>
        {
            var (partitions, colours, links, work, divergence) = round;
            var lastWork = Enumerable.Range(0, work.GetLength(1)).Where(k => Enumerable.Range(0, partitions).Any(p => work[p, k])).DefaultIfEmpty(-1).Max();
            var known = Enumerable.Repeat(-1, partitions).ToArray();
            var diverged = Enumerable.Repeat(int.MaxValue, partitions).ToArray();
            var stopped = new int?[partitions];
            for (var step = 0; stopped.Any(s => s is null); step++)
            {
                Assert.True(step < work.GetLength(1), "a round never stopped");
                // Each partition ticks (its own work and divergence at this step), then says so to its neighbours (StepDone).
                var said = new (int Work, int Divergence)[partitions];
                for (var p = 0; p < partitions; p++)
                {
                    if (stopped[p] is not null) continue;
                    if (work[p, step]) known[p] = step;
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
                            (known[p], diverged[p]) = (Math.Max(known[p], said[q].Work), Math.Min(diverged[p], said[q].Divergence));
                        }
                    if (PartitionClock.Stops(step, known[p], diverged[p], colours, partitions)) stopped[p] = step;
                }
            }
            var at = stopped[0]!.Value;
            Assert.All(stopped, s => Assert.Equal(at, s));
            if (divergence is { } happened && happened.Step <= lastWork + colours)
                Assert.Equal(Math.Min(happened.Step + partitions - 1, lastWork + colours + partitions - 1), at);
            else Assert.Equal(lastWork + colours + partitions - 1, at);
        }, iter: 2000);
    }
}
