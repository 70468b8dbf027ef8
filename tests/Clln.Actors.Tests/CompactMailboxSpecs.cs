using Akka.Actor;
using Clln.Actors.Hosting;
using CsCheck;

namespace Clln.Actors.Tests;

/// <summary>
/// The node and edge actors' mailbox never strands a message: every message put on it is handled,
/// however the owner's runs and the senders interleave.
/// </summary>
public sealed class CompactMailboxSpecs : EngineSpec
{
    /// <summary>
    /// Players rally one ball each with a shared hub, so the hub's mailbox is written to by many
    /// threads while its owner keeps finishing runs and going idle: the window in which a lost
    /// wake-up (a message enqueued, the mailbox left unscheduled) strands a ball, and that rally
    /// never ends. The window is narrow: with an enqueue unlocked by a plain store this caught the
    /// stranding in about one run of three on 2 cores (RepeatabilitySpecs' "faults" case, looped, is
    /// the slower, surer check).
    /// </summary>
    [Fact]
    public async Task Rallies_with_a_busy_hub_never_lose_a_wake_up()
    {
        const int players = 16, hits = 50_000;
        var finished = Enumerable.Range(0, players).Select(_ => new TaskCompletionSource()).ToArray();
        var hub = Sys.ActorOf(Props.Create(() => new Player(int.MaxValue, null)).WithMailbox(EngineConfig.MailboxId));
        for (var p = 0; p < players; p++)
        {
            var done = finished[p];
            var player = Sys.ActorOf(Props.Create(() => new Player(hits, done)).WithMailbox(EngineConfig.MailboxId));
            hub.Tell(new Ball(0), player);
        }
        // Wait while any rally still moves: a stranded ball stops its rally for good.
        var all = Task.WhenAll(finished.Select(f => f.Task));
        long seen = -1;
        while (!all.IsCompleted && Interlocked.Read(ref _hits) != seen)
        {
            seen = Interlocked.Read(ref _hits);
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5)));
        }
        Assert.True(all.IsCompleted, $"{finished.Count(f => !f.Task.IsCompleted)} of {players} rallies stopped: a message was stranded in a mailbox");
    }

    /// <summary>
    /// The queue hands envelopes out in the order they came, whatever the run of puts and takes:
    /// through the inline slot, the ring it brings when a second waits, the ring's growth and
    /// wrap-around, and the ring's release when it drains. A plain queue is the truth.
    /// </summary>
    [Fact]
    public void Envelopes_leave_in_the_order_they_came()
    {
        // true: put the next envelope; false: take one (or find none).
        Gen.Bool.Array[0, 200].Sample(steps =>
        {
            var (queue, truth, next) = (new CompactMessageQueue(), new Queue<int>(), 0);
            foreach (var put in steps)
            {
                if (put)
                {
                    queue.Enqueue(ActorRefs.Nobody, new Envelope(next, ActorRefs.NoSender));
                    truth.Enqueue(next++);
                }
                else
                {
                    var took = queue.TryDequeue(out var envelope);
                    Assert.Equal(truth.Count > 0, took);
                    if (took) Assert.Equal(truth.Dequeue(), envelope.Message);
                }
                Assert.Equal(truth.Count, queue.Count);
                Assert.Equal(truth.Count > 0, queue.HasMessages);
            }
            while (truth.Count > 0)
            {
                Assert.True(queue.TryDequeue(out var envelope));
                Assert.Equal(truth.Dequeue(), envelope.Message);
            }
            Assert.False(queue.TryDequeue(out _));
        }, iter: 2000);
    }

    private static long _hits;

    private sealed record Ball(int Hits);

    private sealed class Player(int hits, TaskCompletionSource? done) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            var ball = (Ball)message;
            if (ball.Hits >= hits) done?.TrySetResult();
            else Sender.Tell(ball with { Hits = ball.Hits + 1 }, Self);
            Interlocked.Increment(ref _hits);
        }
    }
}
