using Akka.Actor;

namespace Clln.Actors.Coordination;

/// <summary>
/// How an engine waits for a coordinator's answer to a phase: as long as it takes, until the
/// caller cancels or the phase's time limit passes; then it halts the phase and waits (at most
/// 30 s) for the actors to drain and the coordinator to answer.
/// </summary>
internal static class HaltingAsk
{
    /// <summary>
    /// The coordinator's answer; after a halt, an answer of type <typeparamref name="TOutcome"/>
    /// (the phase finished as it was halted) or else a <see cref="Failed"/> saying why it was halted.
    /// Cancellation throws <see cref="OperationCanceledException"/> once the actors have stopped.
    /// </summary>
    public static async Task<object> RunAsync<TOutcome>(IActorRef coordinator, object request, TimeSpan timeLimit, CancellationToken cancellation)
    {
        var answer = coordinator.Ask<object>(request, Timeout.InfiniteTimeSpan);
        using var timeout = new CancellationTokenSource(timeLimit);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeout.Token);
        var stop = new TaskCompletionSource();
        await using (either.Token.Register(() => stop.TrySetResult()))
        {
            if (await Task.WhenAny(answer, stop.Task).ConfigureAwait(false) == answer) return await answer.ConfigureAwait(false);
        }
        var reason = cancellation.IsCancellationRequested ? "cancelled" : $"a phase ran past its time limit of {timeLimit.TotalSeconds:G6} s, not yet certified";
        coordinator.Tell(new Halt(reason));
        if (await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) != answer)
            throw new RelaxationException($"{reason}, and the actors did not stop within 30 s");
        cancellation.ThrowIfCancellationRequested();
        var reply = await answer.ConfigureAwait(false);
        return reply is TOutcome ? reply : new Failed(reason, BadInput: false);
    }
}
