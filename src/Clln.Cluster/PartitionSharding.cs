using System.Collections.Immutable;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Clln.Actors.Hosting;
using Clln.Actors.Members;

namespace Clln.Cluster;

/// <summary>
/// Partition hosts as Akka.Cluster.Sharding entities: one entity per partition of a run, its entity
/// and shard ids the run's name and the partition number (never a string hash), started on members with the
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

    /// <summary>
    /// Shard id = entity id = the run's name and the partition number ("run-4711-3.p2"): every
    /// wiring gets fresh shards, allocated among the members up at that moment, so a member that
    /// joined or rejoined since the last run hosts partitions again (a shard never moves while its
    /// member lives, and ids reused from run to run stayed where they first went).
    /// </summary>
    private sealed class Extractor : IMessageExtractor
    {
        public string? EntityId(object message) => message switch
        {
            WiringChunk m => Id(m.Run, m.Partition),
            EndRun m => Id(m.Run, m.Partition),
            _ => null,
        };

        public object? EntityMessage(object message) => message;

        public string? ShardId(object message) => EntityId(message);

        public string ShardId(string entityId, object? messageHint = null) => entityId;
    }

    /// <summary>The shard (and entity) id of a run's partition.</summary>
    internal static string Id(string run, int partition) => $"{run}.p{partition.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The run a shard id belongs to.</summary>
    internal static string RunOf(string shardId) => shardId.LastIndexOf(".p", StringComparison.Ordinal) is var at and >= 0 ? shardId[..at] : shardId;

    /// <summary>
    /// A new partition goes to the member hosting fewest of its run's partitions (ties: the lowest
    /// address), so P partitions on M members spread evenly (the coordinator cuts as many blocks as
    /// members), whatever earlier runs left behind; a shard never moves while its member lives:
    /// moving would lose its actors' state mid-run.
    /// </summary>
    private sealed class FewestFirst : IShardAllocationStrategy
    {
        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> current)
        {
            var run = RunOf(shardId);
            var least = current.Count == 0 ? requester : current
                .OrderBy(r => r.Value.Count(s => RunOf(s) == run))
                .ThenBy(r => r.Key.Path.Address.ToString(), StringComparer.Ordinal)
                .First().Key;
            return Task.FromResult(least);
        }

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> current, IImmutableSet<string> inProgress) =>
            Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
    }
}
