using Akka.Actor;

namespace Clln.Actors.Hosting;

/// <summary>What an actor may ask about its own mailbox while it handles a message.</summary>
internal static class MailboxState
{
    /// <summary>
    /// True when no further message waits in the actor's mailbox: the end of this wake-up's work.
    /// A message arriving just after the answer wakes the actor again, so acting on a stale
    /// "empty" costs at most an extra step, never a lost one.
    /// </summary>
    public static bool RunsDry(IActorContext context) =>
        ((ActorCell)context).Mailbox?.MessageQueue.HasMessages != true;
}
