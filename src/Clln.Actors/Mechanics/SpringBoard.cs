using Akka.Actor;
using Clln.Actors.Faults;
using Clln.Actors.Wiring;
using Clln.Core.Mechanics;

namespace Clln.Actors.Mechanics;

/// <summary>
/// What every actor of an elastic network reads: the network, who is joined to whom, the links'
/// fault state, the settings and the quiescence count (the electrical engine's, shared as is).
/// </summary>
internal sealed class SpringBoard
{
    public SpringBoard(SpringNetwork network, ActorEngineOptions options)
    {
        Network = network;
        Settings = new EngineSettings(options);
        var n = network.Nodes.Count;
        var incident = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        SlotAt = new int[2 * network.Springs.Count];
        for (var s = 0; s < network.Springs.Count; s++)
        {
            var spring = network.Springs[s];
            SlotAt[2 * s] = incident[spring.A].Count;
            incident[spring.A].Add(s);
            SlotAt[2 * s + 1] = incident[spring.B].Count;
            incident[spring.B].Add(s);
        }
        Incident = incident.Select(l => l.ToArray()).ToArray();
        Colour = Colouring.Greedy(Incident, (node, s) => network.Springs[s].A == node ? network.Springs[s].B : network.Springs[s].A, out var colours);
        ColourCount = colours;
        MaxStep = Incident.Select(springs => springs.Length == 0 ? 0 : 0.25 * springs.Min(s => network.Springs[s].RestLength)).ToArray();
        Nodes = new IActorRef[n];
        Springs = new IActorRef[network.Springs.Count];
        if (Settings.Faulty)
        {
            NodeLinks = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, Incident[i].Length)
                .Select(slot => new LinkState(SplitMix.Stream(Settings.Seed, LinkStreams.NodeSide, i, slot), Settings.Slowdown(i))).ToArray()).ToArray();
            SpringLinks = Enumerable.Range(0, SlotAt.Length)
                .Select(e => new LinkState(SplitMix.Stream(Settings.Seed, LinkStreams.EdgeSide, e / 2, e % 2))).ToArray();
        }
    }

    public SpringNetwork Network { get; }
    public EngineSettings Settings { get; }
    public Quiescence Quiescence { get; } = new();

    /// <summary>Per node, its springs; a spring's place in this list is its slot at the node.</summary>
    public int[][] Incident { get; }

    /// <summary>Per spring end (2 s for a, 2 s + 1 for b), the spring's slot at that node.</summary>
    public int[] SlotAt { get; }

    /// <summary>A proper colouring of the nodes: the clocked schedule moves one colour at a time.</summary>
    public int[] Colour { get; }
    public int ColourCount { get; }

    /// <summary>
    /// Metres: the longest step a node takes at once, a quarter of its shortest spring's rest
    /// length. A local Newton step from far away can overshoot (a spring's pull turns with the
    /// node); the cap keeps every step inside the region where the linearisation holds.
    /// </summary>
    public double[] MaxStep { get; }

    public IActorRef[] Nodes { get; }
    public IActorRef[] Springs { get; }
    public IActorRef Coordinator { get; set; } = ActorRefs.Nobody;

    /// <summary>Per node and slot, the node's end of the link (null: clean links).</summary>
    public LinkState[][]? NodeLinks { get; }

    /// <summary>Per spring end (as <see cref="SlotAt"/>), the spring's end of the link (null: clean links).</summary>
    public LinkState[]? SpringLinks { get; }
}
