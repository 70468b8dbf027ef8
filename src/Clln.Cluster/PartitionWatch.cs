using Akka.Actor;
using Akka.Cluster;
using Clln.Actors.Members;

namespace Clln.Cluster;

/// <summary>
/// Watches the cluster for the run: when a member hosting one of its partitions is removed
/// (left, or downed by the split-brain resolver after being unreachable), the coordinator hears
/// <see cref="PartitionLost"/> and fails the run at once instead of waiting for a silence that
/// cannot come.
/// </summary>
internal sealed class PartitionWatch(IActorRef coordinator, IReadOnlyCollection<Address> hosts) : UntypedActor
{
    public static Props Props(IActorRef coordinator, IReadOnlyCollection<Address> hosts) =>
        Akka.Actor.Props.Create(() => new PartitionWatch(coordinator, hosts));

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        if (message is ClusterEvent.MemberRemoved removed && hosts.Contains(removed.Member.Address))
            coordinator.Tell(new PartitionLost($"cluster member {removed.Member.Address} hosting partitions of this run was removed"));
    }
}
