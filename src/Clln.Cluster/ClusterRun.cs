using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Clln.Actors;
using Clln.Actors.Members;
using Clln.Actors.Wiring;
using Clln.Core.Model;

namespace Clln.Cluster;

/// <summary>
/// Wires a network over the members of a cluster and returns an <see cref="ActorEngine"/> that
/// behaves as on one member: the coordinator on this member, the node and edge actors on the
/// partition hosts (sharding entities on the members with the partitions role).
/// </summary>
/// <remarks>
/// Wiring, in order: wait for the members; cut the network into as many connected blocks as
/// members (<see cref="Placement.Graph"/>); ship the wiring plan to every partition in chunks
/// under the frame limit (each acknowledged, so they arrive in order; the last one answered once
/// the partition's actors exist); send every host the reference table (each partition's host);
/// fill the coordinator's own board the same way. From then on no message looks anything up.
/// </remarks>
public static class ClusterRun
{
    private static int _runs;

    /// <summary>How a run is spread: how many members must host partitions, how many partitions, how long to wait.</summary>
    /// <param name="MaxActorsPerMember">
    /// The most node and edge actors one member may host (a placement that needs more is refused
    /// before anything is wired); null: the coordinator's setting <c>clln.cluster.max-actors-per-member</c>
    /// (0 or absent: no limit).
    /// </param>
    public sealed record Spread(int Members, int? Partitions = null, TimeSpan? WaitForMembers = null, Func<Network, int, Placement>? Placement = null, int? MaxActorsPerMember = null)
    {
        public int PartitionCount => Partitions ?? Members;
        public TimeSpan Wait => WaitForMembers ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>A run wired over the members: its engine, and the member hosting each partition.</summary>
    /// <param name="Members">The member hosting each partition.</param>
    /// <param name="Nodes">Node actors on each partition.</param>
    /// <param name="Edges">Edge actors on each partition.</param>
    internal sealed record Wired(ActorEngine Engine, Address[] Members, int[] Nodes, int[] Edges);

    /// <param name="ownsSystem">True to terminate <paramref name="system"/> when the engine is disposed of.</param>
    public static async Task<ActorEngine> StartAsync(ActorSystem system, Network network, ActorEngineOptions options, Spread spread, LearningSetup? learning = null, bool ownsSystem = false, CancellationToken cancellation = default) =>
        (await WireAsync(system, network, options, spread, learning, cancellation, ownsSystem).ConfigureAwait(false)).Engine;

    /// <param name="lost">Members lost since the last wiring: wiring waits until sharding has let go of their regions, so their partitions go to survivors.</param>
    internal static async Task<Wired> WireAsync(ActorSystem system, Network network, ActorEngineOptions options, Spread spread, LearningSetup? learning, CancellationToken cancellation,
        bool ownsSystem = false, IReadOnlyCollection<Address>? lost = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options.Validate();
        if (spread.Members < 1) throw new ArgumentException($"a cluster run needs at least one partition member, not {spread.Members}");
        var log = Logging.GetLogger(system, typeof(ClusterRun));
        var region = Region(system);
        await WaitForMembers(region, spread.Members, lost ?? [], spread.Wait, cancellation).ConfigureAwait(false);

        // The plan travels as a network file, which holds no voltage a file could not: refused here, in one line, not by a host that cannot read it.
        if (network.Nodes.FirstOrDefault(n => n.IsHeld && CircuitLimits.Voltage(n.Voltage) is not null) is { } wild)
            throw new InvalidNetworkException($"node '{wild.Name}': held voltage {CircuitLimits.Voltage(wild.Voltage)}: a network spread over members cannot hold it");
        var placement = (spread.Placement ?? Placement.Graph)(network, spread.PartitionCount);
        EnsureFits(placement, spread.Members, spread.MaxActorsPerMember ?? system.Settings.Config.GetInt(MaxActorsSetting, 0));
        var plan = WiringPlan.For(network, options, learning, placement);
        var chunks = plan.Chunks();
        // Unique across processes and restarts: every run's partitions are fresh shards (see PartitionSharding).
        var run = $"run-{Environment.ProcessId}-{Interlocked.Increment(ref _runs)}-{Random.Shared.Next():x8}";
        var ask = TimeSpan.FromSeconds(30);

        var board = new Board(network, options) { Learning = learning };
        var reports = board.Reports = new PartitionReports(board.Quiescence, board.Settings);
        var engine = ActorEngine.Start(system, ownsSystem, board, options);
        var coordinator = engine.Coordinator;
        IActorRef[] hosts;
        try
        {
            hosts = await Task.WhenAll(Enumerable.Range(0, placement.Partitions).Select(async p =>
            {
                ChunkTaken? taken = null;
                for (var k = 0; k < chunks.Length; k++)
                    taken = await region.Ask<ChunkTaken>(new WiringChunk(run, p, k, chunks.Length, chunks[k]), ask, cancellation).ConfigureAwait(false);
                return taken!.Host;
            })).ConfigureAwait(false);

            // The coordinator's own channel comes after the partitions'; its outbox sends to every host.
            var q = board.Quiescence;
            var channels = placement.Partitions + 1;
            q.UseChannels(channels);
            var outbox = board.Outbox = new BorderOutbox(channels, placement.Partitions, q)
            {
                Owner = coordinator,
                Destinations = [.. hosts, coordinator],
                Remote = new bool[channels], // the coordinator's messages are control, never a node-edge link
            };
            for (var i = 0; i < board.Nodes.Length; i++) board.Nodes[i] = new BorderRef(hosts[placement.NodePartition[i]], outbox, placement.NodePartition[i], Recipient.Node, i);
            for (var j = 0; j < board.Edges.Length; j++) board.Edges[j] = new BorderRef(hosts[placement.EdgePartition[j]], outbox, placement.EdgePartition[j], Recipient.Edge, j);
            reports.Hosts = hosts;
            reports.PartitionsStep = PartitionClock.Suits(board, placement.NodePartition, placement.EdgePartition);
            q.BeforeLaunch = () => reports.Publish(coordinator);
            var table = new RefTable(run, coordinator, hosts);
            await Task.WhenAll(hosts.Select(h => h.Ask<RefTableApplied>(table, ask, cancellation))).ConfigureAwait(false);
            log.Info("Run {Run} wired on {Partitions} partitions ({Chunks} chunks each): {Cross} of {Links} node-edge links cross partitions",
                run, placement.Partitions, chunks.Length, placement.CrossLinks(network), 2 * network.EdgeCount);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var members = hosts.Select(h => h.Path.Address.HasLocalScope ? self : h.Path.Address).ToArray();
        var watch = system.ActorOf(PartitionWatch.Props(coordinator, members.ToHashSet()));
        engine.Release = () =>
        {
            system.Stop(watch);
            for (var p = 0; p < placement.Partitions; p++) region.Tell(new EndRun(run, p));
            return Task.CompletedTask;
        };
        var partitions = Enumerable.Range(0, placement.Partitions).ToArray();
        return new Wired(engine, members, partitions.Select(p => placement.NodePartition.Count(x => x == p)).ToArray(),
            partitions.Select(p => placement.EdgePartition.Count(x => x == p)).ToArray());
    }

    /// <summary>The coordinator's setting: the most node and edge actors one member may host (0: no limit).</summary>
    public const string MaxActorsSetting = "clln.cluster.max-actors-per-member";

    /// <summary>
    /// Refuses, in one line, a placement whose members would host more than <paramref name="limit"/>
    /// actors: sharding spreads P partitions over M members evenly, so a member holds at most
    /// ceil(P / M) of them, at worst the largest.
    /// </summary>
    private static void EnsureFits(Placement placement, int members, int limit)
    {
        if (limit <= 0) return;
        var sizes = Enumerable.Range(0, placement.Partitions)
            .Select(p => placement.NodePartition.Count(x => x == p) + placement.EdgePartition.Count(x => x == p))
            .OrderDescending().ToArray();
        var perMember = (placement.Partitions + members - 1) / members;
        var worst = sizes.Take(perMember).Sum();
        if (worst > limit)
            throw new InvalidNetworkException(
                $"the network's {sizes.Sum()} node and edge actors do not fit on {members} member(s): one would host {worst}, over {MaxActorsSetting} = {limit}: spread it over more members (clln.cluster.members, and a clln node each)");
    }

    /// <summary>The partition region (or proxy) of this member, started on first use.</summary>
    public static IActorRef Region(ActorSystem system)
    {
        var sharding = ClusterSharding.Get(system);
        return sharding.ShardTypeNames.Contains(PartitionSharding.TypeName)
            ? (Akka.Cluster.Cluster.Get(system).SelfRoles.Contains(MemberConfig.PartitionRole) ? sharding.ShardRegion(PartitionSharding.TypeName) : sharding.ShardRegionProxy(PartitionSharding.TypeName))
            : PartitionSharding.Start(system);
    }

    /// <summary>Waits until <paramref name="members"/> members host a partition region, none of them <paramref name="lost"/>.</summary>
    private static async Task WaitForMembers(IActorRef region, int members, IReadOnlyCollection<Address> lost, TimeSpan wait, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(wait);
        var seen = 0;
        while (true)
        {
            try
            {
                var regions = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(2), deadline.Token).ConfigureAwait(false);
                seen = regions.Regions.Count;
                if (seen >= members && !regions.Regions.Any(lost.Contains)) return;
                await Task.Delay(200, deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or OperationCanceledException)
            {
                cancellation.ThrowIfCancellationRequested();
                if (deadline.IsCancellationRequested)
                    throw new TimeoutException($"only {seen} of {members} partition members joined within {wait.TotalSeconds:F0} s");
            }
        }
    }
}
