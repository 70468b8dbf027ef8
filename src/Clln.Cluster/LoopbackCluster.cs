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
    private readonly TimeSpan _downAfter;
    private readonly List<ActorSystem> _joinedLater = [];

    private LoopbackCluster(ActorSystem coordinator, ActorSystem[] partitions, TimeSpan downAfter)
    {
        Coordinator = coordinator;
        Partitions = partitions;
        _downAfter = downAfter;
    }

    /// <summary>The member the training runs on (role coordinator).</summary>
    public ActorSystem Coordinator { get; }

    /// <summary>The members that host partitions (terminating one is a crash: it does not leave first).</summary>
    public ActorSystem[] Partitions { get; }

    /// <summary>
    /// A member on a free port. A partition member's Terminate stops it without leaving the
    /// cluster, as a killed process would: the others find it unreachable and the split-brain
    /// resolver downs it.
    /// </summary>
    private static ActorSystem Member(string role, TimeSpan downAfter) => ActorSystem.Create(MemberConfig.SystemName,
        ConfigurationFactory.ParseString(role == MemberConfig.PartitionRole ? "akka.coordinated-shutdown.run-by-actor-system-terminate = off" : "")
            .WithFallback(MemberConfig.Build(null, port: 0, seeds: null, roles: [role], downAfter: downAfter)));

    /// <summary>A new partition member joins (as a restarted `clln node` would); returns once every member sees it up.</summary>
    public async Task<ActorSystem> JoinPartitionMemberAsync(CancellationToken cancellation = default)
    {
        var member = Member(MemberConfig.PartitionRole, _downAfter);
        _joinedLater.Add(member);
        var self = Akka.Cluster.Cluster.Get(member);
        self.Join(Akka.Cluster.Cluster.Get(Coordinator).SelfAddress);
        ClusterRun.Region(member);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (!Akka.Cluster.Cluster.Get(Coordinator).State.Members.Any(m => m.Address == self.SelfAddress && m.Status == MemberStatus.Up))
            await Task.Delay(50, deadline.Token).ConfigureAwait(false);
        return member;
    }

    public static async Task<LoopbackCluster> StartAsync(int partitionMembers, TimeSpan? downAfter = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionMembers, 1);
        var down = downAfter ?? TimeSpan.FromSeconds(2);
        ActorSystem Member(string role) => LoopbackCluster.Member(role, down);
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
            return new LoopbackCluster(coordinator, partitions.ToArray(), down);
        }
        catch
        {
            await TerminateAll(partitions.Append(coordinator).OfType<ActorSystem>()).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Every member still running leaves the cluster and terminates (its coordinated shutdown, as a
    /// `clln node` stopped by a signal does), so none logs errors about remoting that stopped under
    /// its own actors; members a spec killed are already gone.
    /// </summary>
    public ValueTask DisposeAsync() => new(TerminateAll(Partitions.Concat(_joinedLater).Append(Coordinator), leave: true));

    private static async Task TerminateAll(IEnumerable<ActorSystem> systems, bool leave = false)
    {
        var terminations = systems.Select(s => leave && !s.WhenTerminated.IsCompleted
            ? CoordinatedShutdown.Get(s).Run(CoordinatedShutdown.ClrExitReason.Instance) : s.Terminate()).ToArray();
        await Task.WhenAny(Task.WhenAll(terminations), Task.Delay(TimeSpan.FromSeconds(15))).ConfigureAwait(false);
    }
}
