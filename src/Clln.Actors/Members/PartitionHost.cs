using Akka.Actor;
using Akka.Event;
using Clln.Actors.Coordination;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// Hosts one partition of a run on a member: receives the wiring plan in chunks, builds the
/// member's own <see cref="Board"/> (its own settings and quiescence count), spawns its
/// partition's node and edge actors as children, and, once it has the reference table, points
/// the board's other places at the other partitions' hosts. On the hot path it only counts a
/// routed message in and hands it to its actor. A later run on the same partition replaces it.
/// </summary>
/// <remarks>
/// It knows nothing of Akka.Cluster: the cluster layer decides where it lives (a sharding
/// entity keyed by the partition number) and it works the same on one system.
/// </remarks>
public sealed class PartitionHost : UntypedActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<byte[]> _chunks = [];
    private string? _run;
    private int _partition;
    private WiringPlan? _plan;
    private Board? _board;
    private PartitionClock? _clock;
    private IActorRef _wiredBy = ActorRefs.Nobody;
    private int _generation;
    private int _lastChunk;
    private IActorRef _coordinator = ActorRefs.Nobody;
    private long _reports;
    private (long Sent, long Received) _lastIdle = (-1, -1); // channel totals at the last idle report

    public static Props Props() => Akka.Actor.Props.Create(() => new PartitionHost());

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RoutedBatch m: OnBatch(m); break;
            case FlushLane m: _board?.Outbox?.Flush(m.Channel); break;
            case BatchTaken m: _board?.Outbox?.Taken(m.By); break;
            case Quiet:
                var stepping = _clock?.OnQuiet() == true;
                if (_board?.Outbox is { Deferred: true } outbox) outbox.FlushAll();
                if (!stepping) Report(onlyIfIdle: true); // while its partitions step a round, the coordinator waits for their word
                break;
            case Ready m: _clock?.OnReady(m); break;
            case Diverged m: _clock?.OnDiverged(m); break;
            case ReportPoll: Report(onlyIfIdle: false); break;
            case MemberSettings m: OnSettings(m); break;
            case WiringChunk m: OnChunk(m); break;
            case RefTable m: OnRefTable(m); break;
            case Spawned: _wiredBy.Tell(new ChunkTaken(_run!, _partition, _lastChunk, Self)); break;
            case EndRun m when m.Run == _run:
                // Each run has partitions of its own (fresh shards): this one's is over for good.
                Reset(null);
                Context.Stop(Self);
                break;
            case EndRun: break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>Counts each message in on its channel, hands it to its actor, and acknowledges the batch so its sender may send the next.</summary>
    private void OnBatch(RoutedBatch m)
    {
        if (_board is not { } board) return;
        var q = board.Quiescence;
        foreach (var item in m.Items)
        {
            q.Arrive(m.From);
            switch (item.To)
            {
                case Recipient.Host when _clock is { } clock: clock.Take(item.Payload); break;
                case Recipient.Host: q.Settle(0); break;
                case Recipient.Node: board.Nodes[item.Index].Tell(item.Payload, Sender); break;
                default: board.Edges[item.Index].Tell(item.Payload, Sender); break;
            }
        }
        if (m.Ack) Sender.Tell(new BatchTaken(_partition));
    }

    private void OnSettings(MemberSettings m)
    {
        if (_board is not { } board) return;
        board.Settings.Threshold = m.Threshold;
        board.Settings.Omega = m.Omega;
        board.Settings.Halted = m.Halted;
    }

    /// <summary>
    /// Tells the coordinator this partition's channel counts and tallies, read in this turn: only
    /// here are messages counted in or out, so they cannot move while they are read. On falling
    /// idle (its count reached zero) it reports only when idle still and something moved since the
    /// last idle report.
    /// </summary>
    private void Report(bool onlyIfIdle)
    {
        if (_board is not { } board) return;
        var q = board.Quiescence;
        var idle = q.Pending == 0;
        var (sent, received) = (q.SentTo, q.ReceivedFrom);
        var totals = (sent.Sum(), received.Sum());
        if (onlyIfIdle && (!idle || totals == _lastIdle)) return;
        if (idle) _lastIdle = totals;
        var own = q.Own;
        _coordinator.Tell(new PartitionReport(_partition, ++_reports, idle, sent, received, own.Hot, own.Control, own.Dropped, own.Updates, own.CrossMember));
    }

    private void OnChunk(WiringChunk m)
    {
        if (m.Run != _run || m.Index == 0) Reset(m.Run);
        _partition = m.Partition;
        if (m.Index != _chunks.Count)
            throw new InvalidOperationException($"wiring chunk {m.Index} of run {m.Run} arrived out of order (expected {_chunks.Count})");
        _chunks.Add(m.Bytes);
        if (_chunks.Count < m.Count)
        {
            Sender.Tell(new ChunkTaken(m.Run, m.Partition, m.Index, Self));
            return;
        }
        // The last chunk is answered once the actors exist (a brood per run: a stopped run's
        // actors may still hold their names while the next run's are spawned).
        var plan = _plan = WiringPlan.FromChunks(_chunks);
        _lastChunk = m.Index;
        _chunks.Clear();
        var network = plan.Network();
        var board = _board = new Board(network, plan.Options.ToOptions()) { Learning = plan.Learning?.ToSetup() };
        _wiredBy = Sender;
        Context.ActorOf(Brood.Props(board,
            Enumerable.Range(0, network.NodeCount).Where(i => plan.NodePartition[i] == _partition).ToArray(),
            Enumerable.Range(0, network.EdgeCount).Where(j => plan.EdgePartition[j] == _partition).ToArray(),
            Context.Props.Dispatcher), "run" + ++_generation);
        _log.Info("Partition {Partition} of run {Run}: wiring {Nodes} nodes and {Edges} edges", _partition, m.Run,
            plan.NodePartition.Count(p => p == _partition), plan.EdgePartition.Count(p => p == _partition));
    }

    private void OnRefTable(RefTable m)
    {
        if (m.Run != _run || _board is not { } board || _plan is not { } plan)
        {
            _log.Warning("Reference table for run {Run} ignored: this host is not wired for it", m.Run);
            return;
        }
        // Channels: every partition, then the coordinator. Falling idle is this host's news to report.
        var q = board.Quiescence;
        var channels = m.Hosts.Length + 1;
        q.UseChannels(channels);
        var stepped = PartitionClock.Suits(board, plan.NodePartition, plan.EdgePartition);
        var outbox = board.Outbox = new BorderOutbox(channels, _partition, q)
        {
            Deferred = stepped,
            Owner = Self,
            Destinations = [.. m.Hosts, m.Coordinator],
            Remote = [.. m.Hosts.Select(h => h is not IInternalActorRef { IsLocal: true }), false], // the coordinator hears control, not links
        };
        for (var i = 0; i < board.Nodes.Length; i++)
        {
            var p = plan.NodePartition[i];
            if (p != _partition) board.Nodes[i] = new BorderRef(m.Hosts[p], outbox, p, Recipient.Node, i);
        }
        for (var j = 0; j < board.Edges.Length; j++)
        {
            var p = plan.EdgePartition[j];
            if (p != _partition) board.Edges[j] = new BorderRef(m.Hosts[p], outbox, p, Recipient.Edge, j);
        }
        board.Coordinator = new BorderRef(m.Coordinator, outbox, m.Hosts.Length, Recipient.Coordinator, 0);
        _clock = stepped ? new PartitionClock(board, plan, _partition) : null;
        board.Clock = _clock is null ? board.Coordinator : Self;
        _coordinator = m.Coordinator;
        (_reports, _lastIdle) = (0, (-1, -1));
        q.Attach(Self);
        Sender.Tell(new RefTableApplied(m.Run, _partition));
    }

    private void Reset(string? run)
    {
        foreach (var child in Context.GetChildren()) Context.Stop(child);
        _board?.Settings.DelayLine?.Dispose();
        _board = null;
        _clock = null;
        _plan = null;
        _chunks.Clear();
        _run = run;
    }

    protected override void PostStop() => _board?.Settings.DelayLine?.Dispose();
}

/// <summary>The parent of one run's node and edge actors on a partition (see <see cref="PartitionHost"/>).</summary>
internal sealed class Brood(Board board, int[] nodes, int[] edges) : UntypedActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public static Props Props(Board board, int[] nodes, int[] edges, string dispatcher) =>
        Akka.Actor.Props.Create(() => new Brood(board, nodes, edges)).WithDispatcher(dispatcher);

    protected override void PreStart()
    {
        board.Spawn(Context, nodes, edges);
        Context.Parent.Tell(Spawned.Instance);
    }

    /// <summary>A node or edge that throws has lost its state: stop it; the coordinator's timeout ends the run.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(e =>
    {
        board.Settings.Halted = true;
        _log.Error(e, "Partition actor failed; this partition is halted");
        return Directive.Stop;
    }));

    protected override void OnReceive(object message) => Unhandled(message);
}

/// <summary>A brood's word to its host that its actors exist (never leaves the member).</summary>
internal sealed class Spawned : INoSerializationVerificationNeeded
{
    public static readonly Spawned Instance = new();
}
