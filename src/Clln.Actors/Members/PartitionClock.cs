using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Nodes;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// The clocked schedule across members without the coordinator's barrier at every colour step:
/// each partition's host ticks its own nodes of the step's colour, and starts the next step once
/// its own work has fallen silent and every neighbouring partition has said it finished the step
/// (<see cref="StepDone"/>, sent on the lane after everything else of that step). A step then
/// costs one message's trip between neighbouring members instead of the coordinator's round
/// trips and count waves, and every node is ticked from exactly what it would have heard in one
/// process: the voltages and Norton equivalents are the same, bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// Why one trip suffices: every edge sits beside one of its nodes (<see cref="Placement.EdgesBesideATerminal"/>),
/// so news of a ticked node crosses partitions at most once on its way to the nodes it concerns.
/// The only later message is an edge's correction back to the mover (a nonlinear element, or a
/// refresh), which reaches the mover's partition before that partition starts the step after
/// next, and the mover is not ticked again before its colour comes round (two colours at least).
/// </para>
/// <para>
/// When to stop, with no one watching the whole network: a partition is busy at a step when it
/// starts the step with nodes waiting for their colour (or a forced first sweep still to tick),
/// ticks a node, or sends news to another partition before its <see cref="StepDone"/>. Once a
/// step finds every partition idle the relaxation is silent for good: each partition started it
/// having handled everything its neighbours sent in the step before (their StepDone comes last on
/// each lane), nothing waits, nothing is ticked, nothing crosses, so nothing can move again. Every
/// StepDone carries the latest step at which its sender knows some partition was busy, so that
/// knowledge travels one partition a step, and a partition knows every partition's state D - 1
/// steps old (D: the diameter of the graph of neighbouring partitions). So each stops after the
/// step D - 1 past the first step it knows was idle everywhere: every partition reaches that at
/// the same step (the first idle step plus D - 1), none is left waiting for a neighbour's word, and
/// the round ends D steps after the last busy one (one step when every partition borders every
/// other). A divergence travels the same way and stops every partition D - 1 steps after it. Each
/// then tells the coordinator (<see cref="StepsStopped"/>) and falls idle, and the coordinator's
/// silence, as before, ends the round. (Until 2026-12-07 a partition waited for C + P - 1 steps
/// without a tick anywhere, C colours and P partitions: four idle steps a round on the lab lattice's three
/// partitions instead of one.)
/// </para>
/// </remarks>
internal sealed class PartitionClock
{
    private readonly Board _board;
    private readonly int _partition;
    private readonly int _partitions;
    private readonly int[] _neighbours;
    private readonly int _diameter;
    private readonly int[][] _mineByColour;
    private readonly ReadyNodes _ready;
    private readonly Dictionary<(int Phase, int Round, int Step), Heard> _heard = [];
    private int _phase;
    private StepFrom? _round;
    private StepCount _count;
    private int _step;
    private bool _doneSent;
    private int _latestWork;          // the latest step at which some partition is known to have ticked a node
    private int _latestBusy;          // the latest step at which some partition is known to have been busy
    private bool _busy;               // whether this partition is busy at the step now running
    private long _sentOut;            // messages sent to other partitions until this partition's last StepDone
    private int _earliestDivergence;  // the earliest step at which some partition is known to have seen a node diverge
    private int _divergedStep, _divergedNode; // this partition's own earliest divergence, and its lowest node then
    private bool _overSweepLimit;

    public PartitionClock(Board board, WiringPlan plan, int partition)
    {
        _board = board;
        _partition = partition;
        _partitions = plan.Partitions;
        var links = Enumerable.Range(0, _partitions).Select(_ => new SortedSet<int>()).ToArray();
        for (var j = 0; j < board.Edges.Length; j++)
        {
            var edge = plan.EdgePartition[j];
            foreach (var node in new[] { plan.NodePartition[board.From[j]], plan.NodePartition[board.To[j]] })
                if (edge != node)
                {
                    links[edge].Add(node);
                    links[node].Add(edge);
                }
        }
        _neighbours = [.. links[partition]];
        _diameter = Diameter(links);
        _mineByColour = Enumerable.Range(0, board.ColourCount)
            .Select(c => Enumerable.Range(0, board.Nodes.Length).Where(i => plan.NodePartition[i] == partition && board.Colour[i] == c).ToArray()).ToArray();
        _ready = new ReadyNodes(board.Colour, board.ColourCount);
    }

    /// <summary>
    /// The most steps news takes between two partitions that exchange it at all (at least 1): the
    /// same on every partition, which all compute it from the same plan.
    /// </summary>
    internal static int Diameter(IReadOnlyList<ISet<int>> links)
    {
        var diameter = 1;
        for (var from = 0; from < links.Count; from++)
        {
            var distance = new int[links.Count];
            Array.Fill(distance, -1);
            distance[from] = 0;
            var queue = new Queue<int>([from]);
            while (queue.TryDequeue(out var p))
                foreach (var q in links[p])
                    if (distance[q] < 0)
                    {
                        distance[q] = distance[p] + 1;
                        diameter = Math.Max(diameter, distance[q]);
                        queue.Enqueue(q);
                    }
        }
        return diameter;
    }

    /// <summary>Whether the clocked schedule of this run may be stepped by its partitions (see the remarks).</summary>
    public static bool Suits(Board board, int[] nodePartition, int[] edgePartition) =>
        board.Settings.Clocked && board.ColourCount >= 2 && Placement.EdgesBesideATerminal(board.Network, nodePartition, edgePartition);

    private Quiescence Quiescence => _board.Quiescence;

    /// <summary>A node of this partition has news: it is ticked in its colour's next step. (Each report is retired here.)</summary>
    public void OnReady(Ready m)
    {
        if (m.Phase > _phase) NewPhase(m.Phase);
        if (m.Phase == _phase) _ready.Add(m.Node);
        Quiescence.Settle(0);
    }

    /// <summary>A node of this partition diverged in the step now running: the lowest of the earliest step is the one named.</summary>
    public void OnDiverged(Diverged m)
    {
        if (_round is not null && m.Phase == _phase && (_step, m.Node).CompareTo((_divergedStep, _divergedNode)) < 0)
        {
            (_divergedStep, _divergedNode) = (_step, m.Node);
            _earliestDivergence = Math.Min(_earliestDivergence, _step);
        }
        Quiescence.Settle(0);
    }

    /// <summary>A message for the clock itself, counted in by the host: a round to step, or a neighbour's word.</summary>
    public void Take(IEngineMessage message)
    {
        switch (message)
        {
            case StepFrom m: Start(m); break;
            case StepDone m:
                var key = (m.Phase, m.Round, m.Step);
                _heard[key] = _heard.TryGetValue(key, out var heard) ? heard.With(m) : Heard.Of(m);
                Quiescence.Settle(0);
                break;
            default: Quiescence.Settle(0); break;
        }
    }

    private void Start(StepFrom m)
    {
        if (m.Phase > _phase) NewPhase(m.Phase);
        _round = m;
        _count = new StepCount(_board.ColourCount, m.Sweeps, m.LastColour);
        _step = 0;
        (_latestWork, _latestBusy, _earliestDivergence) = (-1, -1, int.MaxValue);
        _sentOut = SentOut();
        (_divergedStep, _divergedNode, _overSweepLimit) = (int.MaxValue, -1, false);
        TickStep(retired: 1);
    }

    private void NewPhase(int phase)
    {
        _phase = phase;
        _ready.Clear();
    }

    /// <summary>
    /// The host's work fell silent. While a round runs: tell the neighbours the step is done, and
    /// once they have all said so too, stop or tick the next step. Returns whether a round is
    /// running (then the host does not report idle: the coordinator waits for the round's end).
    /// </summary>
    public bool OnQuiet()
    {
        if (_round is not { } round) return false;
        while (Quiescence.Pending == 0)
        {
            if (!_doneSent)
            {
                _doneSent = true;
                if (_busy || SentOut() != _sentOut) _latestBusy = _step;
                Send(_neighbours, Recipient.Host, new StepDone(round.Phase, round.Round, _step, _latestWork, _earliestDivergence, _latestBusy));
                _sentOut = SentOut();
                continue;
            }
            var key = (round.Phase, round.Round, _step);
            var heard = _heard.TryGetValue(key, out var said) ? said : Heard.None;
            if (heard.Count < _neighbours.Length) return true;
            _heard.Remove(key);
            _latestWork = Math.Max(_latestWork, heard.LatestWork);
            _latestBusy = Math.Max(_latestBusy, heard.LatestBusy);
            _earliestDivergence = Math.Min(_earliestDivergence, heard.EarliestDivergence);
            if (ShouldStop)
            {
                _round = null;
                Send([_partitions], Recipient.Coordinator, new StepsStopped(round.Phase, _partition, _step + 1, _latestWork,
                    _divergedNode, _divergedStep, _overSweepLimit));
                return true;
            }
            _step++;
            TickStep(retired: 0);
        }
        return true;
    }

    private bool ShouldStop => Stops(_step, _latestBusy, _earliestDivergence, _diameter);

    /// <summary>
    /// Whether a partition stops after step <paramref name="step"/>, knowing that some partition was
    /// busy at step <paramref name="latestBusy"/> (-1: none) and that a node diverged at <paramref name="earliestDivergence"/>
    /// (<see cref="int.MaxValue"/>: none): every partition was idle D - 1 steps ago, or the divergence is D - 1 steps old (see the remarks).
    /// </summary>
    internal static bool Stops(int step, int latestBusy, int earliestDivergence, int diameter) =>
        step - latestBusy >= diameter
        || (earliestDivergence != int.MaxValue && step >= earliestDivergence + diameter - 1);

    /// <summary>Messages this partition has counted out to other partitions (its StepDone and anything its actors put on the border).</summary>
    private long SentOut()
    {
        var sent = 0L;
        for (var p = 0; p < _partitions; p++) sent += Quiescence.SentOn(p);
        return sent;
    }

    /// <summary>
    /// Ticks this partition's nodes of the step's colour that have news (every one in a forced
    /// first sweep), as the coordinator does on one process; past the sweep limit it ticks none
    /// and says so at the end. <paramref name="retired"/>: the message being handled, if any.
    /// </summary>
    private void TickStep(int retired)
    {
        var round = _round!;
        var (colour, sweep) = (_count.Colour(_step), _count.Sweep(_step));
        var forced = round.Forced && _step < _board.ColourCount;
        _busy = forced || _ready.Any(); // a node waiting for its colour, or the forced sweep's, is work to come
        var ready = _ready.Take(colour);
        var nodes = forced ? _mineByColour[colour] : ready;
        if (nodes.Length > 0 && sweep > round.MaxSweeps) (nodes, _overSweepLimit) = ([], true);
        if (_board.Settings.Halted) nodes = [];
        if (nodes.Length > 0)
        {
            _latestWork = _step;
            // The coordinator's safety net, at the same sweep: over-relaxation chattering at the threshold never falls silent.
            if (sweep > round.OverRelaxationSweeps) _board.Settings.Omega = 1.0;
        }
        _doneSent = false;
        Quiescence.Settle(nodes.Length, retired);
        Quiescence.CountControl(nodes.Length);
        var tick = new Tick(round.Phase, sweep, forced ? round.ForceKind : TickKind.Relax);
        foreach (var i in nodes) _board.Nodes[i].Tell(tick, ActorRefs.NoSender);
    }

    /// <summary>Registers, then puts in the outbox lanes, one message for each channel given.</summary>
    private void Send(int[] channels, Recipient recipient, IEngineMessage message)
    {
        Quiescence.Settle(channels.Length, 0);
        Quiescence.CountControl(channels.Length);
        foreach (var channel in channels) _board.Outbox!.Put(channel, recipient, 0, message);
    }

    /// <summary>What the neighbours said of one step: how many have, the latest work, earliest divergence and latest busy step they know of.</summary>
    private readonly record struct Heard(int Count, int LatestWork, int EarliestDivergence, int LatestBusy)
    {
        public static readonly Heard None = new(0, -1, int.MaxValue, -1);

        public static Heard Of(StepDone m) => new(1, m.LatestWork, m.EarliestDivergence, m.LatestBusy);

        public Heard With(StepDone m) => new(Count + 1, Math.Max(LatestWork, m.LatestWork), Math.Min(EarliestDivergence, m.EarliestDivergence), Math.Max(LatestBusy, m.LatestBusy));
    }
}
