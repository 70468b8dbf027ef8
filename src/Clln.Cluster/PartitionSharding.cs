using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Clln.Actors.Hosting;
using Clln.Actors.Members;

namespace Clln.Cluster;

/// <summary>
/// Partition hosts as Akka.Cluster.Sharding entities: one entity per partition, its entity and
/// shard ids the partition number (stable: never a string hash), started on members with the
/// <see cref="MemberConfig.PartitionRole"/>; a proxy elsewhere (the training process). Sharding
/// owns where a partition lives and moves it to a survivor when its member is removed.
/// </summary>
public static class PartitionSharding
{
    public const string TypeName = "clln-partition";

    /// <summary>Starts the region (on a partition member) or a proxy (elsewhere); returns it.</summary>
    public static IActorRef Start(ActorSystem system)
    {
        var sharding = ClusterSharding.Get(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        if (!cluster.SelfRoles.Contains(MemberConfig.PartitionRole))
            return sharding.StartProxy(TypeName, MemberConfig.PartitionRole, new Extractor());
        var props = PartitionHost.Props();
        if (system.Dispatchers.HasDispatcher(EngineConfig.DispatcherId)) props = props.WithDispatcher(EngineConfig.DispatcherId);
        var settings = ClusterShardingSettings.Create(system).WithRole(MemberConfig.PartitionRole);
        return sharding.Start(TypeName, props, settings, new Extractor(), new FewestFirst(), PoisonPill.Instance);
    }

    /// <summary>Shard id = entity id = the partition number.</summary>
    private sealed class Extractor : IMessageExtractor
    {
        public string? EntityId(object message) => message switch
        {
            WiringChunk m => Id(m.Partition),
            EndRun m => Id(m.Partition),
            _ => null,
        };

        public object? EntityMessage(object message) => message;

        public string? ShardId(object message) => EntityId(message);

        public string ShardId(string entityId, object? messageHint = null) => entityId;

        private static string Id(int partition) => partition.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A new partition goes to the member hosting fewest (ties: the lowest address), so P
    /// partitions on M members spread evenly (the coordinator cuts as many blocks as members);
    /// a shard never moves while its member lives: moving would lose its actors' state mid-run.
    /// Only a removed member's partitions are allocated again, to the survivors.
    /// </summary>
    private sealed class FewestFirst : IShardAllocationStrategy
    {
        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> current)
        {
            var least = current.Count == 0 ? requester : current
                .OrderBy(r => r.Value.Count)
                .ThenBy(r => r.Key.Path.Address.ToString(), StringComparer.Ordinal)
                .First().Key;
            return Task.FromResult(least);
        }

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> current, IImmutableSet<string> inProgress) =>
            Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
    }
}
