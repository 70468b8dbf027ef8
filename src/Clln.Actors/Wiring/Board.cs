using Akka.Actor;
using Clln.Actors.Edges;
using Clln.Actors.Faults;
using Clln.Actors.Hosting;
using Clln.Actors.Members;
using Clln.Actors.Nodes;
using Clln.Core.Model;

namespace Clln.Actors.Wiring;

/// <summary>
/// The wiring of one member, shared read-only by its actors once built: which edges touch each
/// node, where each edge sits in its nodes' lists, and the actor reference of every node and edge.
/// Actors keep only their index and read their neighbours here, so each reference is resolved
/// once, when the network is wired, and a node or edge costs no reference array of its own.
/// On one member the coordinator spawns every actor; in a cluster each partition host spawns
/// its own and fills the other partitions' places with <see cref="BorderRef"/>s.
/// </summary>
internal sealed class Board
{
    public Board(Network network, ActorEngineOptions options)
    {
        Network = network;
        Settings = new EngineSettings(options);
        var edges = network.Edges;
        From = new int[edges.Count];
        To = new int[edges.Count];
        for (var j = 0; j < edges.Count; j++) (From[j], To[j]) = (edges[j].From, edges[j].To);

        // A self-loop carries no current whatever its element does at equal voltages, so it is
        // left out of its node's list: its actor exists but never hears from anyone.
        // (The network's own lists are shared when they have no self-loop: memory per actor counts.)
        var from = From;
        var to = To;
        Incident = network.IncidentEdges.Select(list => list.Any(j => from[j] == to[j]) ? list.Where(j => from[j] != to[j]).ToArray() : list).ToArray();
        SlotAtFrom = new int[edges.Count];
        SlotAtTo = new int[edges.Count];
        for (var i = 0; i < Incident.Length; i++)
            for (var s = 0; s < Incident[i].Length; s++)
            {
                var j = Incident[i][s];
                if (From[j] == i) SlotAtFrom[j] = s;
                else SlotAtTo[j] = s;
            }
        Colour = Colouring.Greedy(network, Incident, out var colours);
        ColourCount = colours;
        InitialVoltages = network.Nodes.Select(n => n.IsHeld ? n.Voltage : 0.0).ToArray();
        Nodes = new IActorRef[network.NodeCount];
        Edges = new IActorRef[edges.Count];
        if (Settings.Faulty)
        {
            NodeLinks = new LinkState[network.NodeCount][];
            EdgeLinks = new LinkState[2 * edges.Count];
        }
    }

    public Network Network { get; }
    public EngineSettings Settings { get; }
    public Quiescence Quiescence { get; } = new();

    /// <summary>Each edge's From node (terminal a) and To node (terminal b).</summary>
    public int[] From { get; }
    public int[] To { get; }

    /// <summary>Per node, its edges (self-loops left out); a node's "slot" is a position in this list.</summary>
    public int[][] Incident { get; }

    /// <summary>Per edge, its slot in its From node's list and in its To node's list.</summary>
    public int[] SlotAtFrom { get; }
    public int[] SlotAtTo { get; }

    public int[] Colour { get; }
    public int ColourCount { get; }

    /// <summary>Where every node starts before the first phase: held nodes at their voltage, free ones at 0 V.</summary>
    public double[] InitialVoltages { get; }

    /// <summary>
    /// The link ends, only when links misbehave or measure noise (null otherwise): per node, one
    /// per slot, filled by the node; per edge, two (From side, To side) at 2j and 2j + 1, filled by
    /// the edge. Each belongs to its actor alone; they live here so that a well-behaved network
    /// pays not even a null reference per actor.
    /// </summary>
    public LinkState[][]? NodeLinks { get; }
    public LinkState[]? EdgeLinks { get; }

    public IActorRef[] Nodes { get; }
    public IActorRef[] Edges { get; }
    public IActorRef Coordinator { get; set; } = ActorRefs.Nobody;

    /// <summary>
    /// Who hears the clocked schedule's readiness and divergence reports: the coordinator, or in a
    /// run whose partitions step among themselves, this partition's host (see <see cref="Members.PartitionClock"/>).
    /// </summary>
    public IActorRef Clock
    {
        get => _clock ?? Coordinator;
        set => _clock = value;
    }

    private IActorRef? _clock;

    /// <summary>
    /// One process, clocked schedule: a node with news raises its flag here instead of sending
    /// <see cref="Coordination.Ready"/>, and the coordinator reads the flags at each barrier. That
    /// halves the control messages of a colour step. Null where the clock is on another member
    /// or on a partition host, which hear readiness as messages.
    /// </summary>
    public bool[]? ReadyFlags { get; init; }

    /// <summary>The edges' learning rule and clock; null for an engine that only relaxes.</summary>
    public LearningSetup? Learning { get; init; }

    /// <summary>
    /// The coordinator's view of a run spread over members (its actors live on partition hosts,
    /// each reporting when it falls idle); null on one member, where the coordinator spawns them.
    /// </summary>
    public PartitionReports? Reports { get; set; }

    /// <summary>Where this member's messages for other members wait for their batch (null on one member).</summary>
    public BorderOutbox? Outbox { get; set; }

    /// <summary>
    /// Spawns the node and edge actors given, as children of <paramref name="context"/>'s actor,
    /// on its dispatcher, and puts their references on the board. One Props for all nodes and
    /// one for all edges: an actor finds its index in its name.
    /// </summary>
    public void Spawn(IActorContext context, IEnumerable<int> nodes, IEnumerable<int> edges)
    {
        var dispatcher = context.Props.Dispatcher;
        var nodeProps = Props.Create(() => new NodeActor(this)).WithDispatcher(dispatcher);
        var edgeProps = Props.Create(() => new EdgeActor(this)).WithDispatcher(dispatcher);
        if (context.System.Settings.Config.HasPath(EngineConfig.MailboxId))
        {
            nodeProps = nodeProps.WithMailbox(EngineConfig.MailboxId);
            edgeProps = edgeProps.WithMailbox(EngineConfig.MailboxId);
        }
        foreach (var i in nodes) Nodes[i] = context.ActorOf(nodeProps, "n" + i);
        foreach (var j in edges) Edges[j] = context.ActorOf(edgeProps, "e" + j);
    }
}
