using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace Clln.Cluster;

/// <summary>
/// A whole cluster in one process, every member on 127.0.0.1 at a free port: partition members
/// (the first is the seed) and one coordinator member. For specs and benchmarks; disposing
/// terminates every member, each within a bounded time.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private LoopbackCluster(ActorSystem coordinator, ActorSystem[] partitions)
    {
        Coordinator = coordinator;
        Partitions = partitions;
    }

    /// <summary>The member the training runs on (role coordinator).</summary>
    public ActorSystem Coordinator { get; }

    /// <summary>The members that host partitions (terminating one is a crash: it does not leave first).</summary>
    public ActorSystem[] Partitions { get; }

    public static async Task<LoopbackCluster> StartAsync(int partitionMembers, TimeSpan? downAfter = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionMembers, 1);
        // A partition member's Terminate stops it without leaving the cluster, as a killed process
        // would: the others find it unreachable and the split-brain resolver downs it.
        ActorSystem Member(string role) => ActorSystem.Create(MemberConfig.SystemName,
            ConfigurationFactory.ParseString(role == MemberConfig.PartitionRole ? "akka.coordinated-shutdown.run-by-actor-system-terminate = off" : "")
                .WithFallback(MemberConfig.Build(null, port: 0, seeds: null, roles: [role], downAfter: downAfter ?? TimeSpan.FromSeconds(2))));
        var partitions = new List<ActorSystem>();
        ActorSystem? coordinator = null;
        try
        {
            for (var m = 0; m < partitionMembers; m++) partitions.Add(Member(MemberConfig.PartitionRole));
            coordinator = Member(MemberConfig.CoordinatorRole);
            var seed = Akka.Cluster.Cluster.Get(partitions[0]).SelfAddress;
            foreach (var system in partitions.Append(coordinator)) Akka.Cluster.Cluster.Get(system).Join(seed);
            foreach (var system in partitions) ClusterRun.Region(system);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            var all = partitionMembers + 1;
            while (Akka.Cluster.Cluster.Get(coordinator).State.Members.Count(m => m.Status == MemberStatus.Up) < all)
                await Task.Delay(50, deadline.Token).ConfigureAwait(false);
            return new LoopbackCluster(coordinator, partitions.ToArray());
        }
        catch
        {
            await TerminateAll(partitions.Append(coordinator).OfType<ActorSystem>()).ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(TerminateAll(Partitions.Append(Coordinator)));

    private static async Task TerminateAll(IEnumerable<ActorSystem> systems)
    {
        var terminations = systems.Select(s => s.Terminate()).ToArray();
        await Task.WhenAny(Task.WhenAll(terminations), Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
    }
}
