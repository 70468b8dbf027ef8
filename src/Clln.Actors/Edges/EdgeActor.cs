using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Faults;
using Clln.Actors.Serialization;
using Clln.Actors.Nodes;
using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Training;

namespace Clln.Actors.Edges;

/// <summary>
/// An edge of the network, in both twins: it measures its two terminal voltages (as its nodes
/// report them), asks its element for the current and both dI/dV, and tells each node the Norton
/// equivalent it presents to that node: conductance g = -d(current into the node)/dV_node and
/// source c = (current into the node) + g V_node. A node is told only when that changed the
/// current it would predict by more than the threshold's worth, which for a resistor means: when
/// the *other* terminal moved. So a resistor network costs one answer per voltage message, and a
/// nonlinear element also corrects the mover when its linearisation has drifted.
/// </summary>
/// <remarks>The actor's index is its name ("e7"); its nodes' references are on the <see cref="Board"/>.</remarks>
internal sealed class EdgeActor : UntypedActor
{
    private readonly Board _board;
    private readonly int _index;
    private IEdgeElement _element;
    private MiniBatch? _batch;               // contrasts accumulated for a mini-batch (null: none yet)
    private int _phase;
    private int _seq;
    private int _seqFrom, _seqTo;            // newest voltage message read from each terminal
    private double _aFree, _aClamped;        // terminal a (From) voltage in each twin
    private double _bFree, _bClamped;        // terminal b (To)
    private Norton _toA, _toB;               // what each terminal was last told (NaN: never)
    private byte _heldEnds;                  // bit 0: a held in both twins, bit 1: b
    private Integration? _integration;       // continuous learning (null: the edge learns on the clock's Learn)

    public EdgeActor(Board board)
    {
        _board = board;
        _index = int.Parse(Self.Path.Name.AsSpan(1));
        _element = board.Network.Edges[_index].Element;
        _aFree = _aClamped = board.InitialVoltages[From];
        _bFree = _bClamped = board.InitialVoltages[To];
        _toA = _toB = Norton.Never;
        if (board.EdgeLinks is { } links)
        {
            var seed = board.Settings.Seed;
            links[2 * _index] = new LinkState(SplitMix.Stream(seed, LinkStreams.EdgeSide, _index, 0));
            links[2 * _index + 1] = new LinkState(SplitMix.Stream(seed, LinkStreams.EdgeSide, _index, 1));
        }
    }

    // Read from the board rather than kept: memory per actor counts.
    private int From => _board.From[_index];
    private int To => _board.To[_index];

    /// <summary>The clamped copy's factor over the free copy (twin mismatch; 1 for none).</summary>
    private double ClampedScale => _board.Learning?.Edges.ClampedScale(_index) ?? 1.0;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case NodeVoltage m: OnVoltage(m); break;
            case EdgePhase m: OnPhase(m); break;
            case Learn m: OnLearn(m); break;
            case EdgeReset m: OnReset(m); break;
            case EdgeProbe m: OnProbe(m); break;
            default: Unhandled(message); break;
        }
    }

    private bool Stale(int phase)
    {
        if (phase < _phase) return true;
        _phase = phase;
        return false;
    }

    private void OnVoltage(NodeVoltage m)
    {
        var from = From;
        if (Stale(m.Phase) || _board.Settings.Halted || from == To)
        {
            _board.Quiescence.Settle(0);
            return;
        }
        if (_integration is { } integration && m.Tick > integration.Ticks) IntegrateThrough(integration, m.Tick); // a new tick: learn from the drops it started from
        var atA = m.Node == from;
        ref var seq = ref atA ? ref _seqFrom : ref _seqTo;
        if (m.Seq > seq)
        {
            seq = m.Seq;
            var (free, clamped) = (m.Free, m.Clamped);
            if (_board.EdgeLinks is { } links)
            {
                var sigma = _board.Settings.Noise;
                ref var link = ref links[2 * _index + (atA ? 0 : 1)];
                free = link.Measure(free, sigma);
                clamped = link.Measure(clamped, sigma);
            }
            if (atA) (_aFree, _aClamped) = (free, clamped);
            else (_bFree, _bClamped) = (free, clamped);
        }
        else if (!m.WantsReply)
        {
            _board.Quiescence.Settle(0); // overtaken by a newer voltage from the same node
            return;
        }
        Answer(forceA: m.WantsReply && atA, forceB: m.WantsReply && !atA);
    }

    private void OnPhase(EdgePhase m)
    {
        if (Stale(m.Phase) || _board.Settings.Halted || From == To)
        {
            _board.Quiescence.Settle(0);
            return;
        }
        if (m.Element is not null) _element = m.Element.ToElement();
        // A terminal that was held in both twins has not been kept informed: tell it afresh.
        if ((_heldEnds & 1) != 0 && (m.HeldEnds & 1) == 0) _toA = Norton.Never;
        if ((_heldEnds & 2) != 0 && (m.HeldEnds & 2) == 0) _toB = Norton.Never;
        _heldEnds = m.HeldEnds;
        _integration = m.Dt > 0 ? new Integration(m.Dt, _board.Learning?.Edges.UpdatesAt(_index, m.Step) ?? 0) : null;
        Answer(forceA: false, forceB: false);
    }

    /// <summary>
    /// Continuous learning's bookkeeping for one phase, allocated only while a phase ticks the
    /// dynamics (memory per actor counts): the part of the step each tick integrates, the clock's
    /// updates at this step, and the ticks integrated so far (the tick the edge's answers belong to).
    /// </summary>
    private sealed class Integration(double dt, int updates)
    {
        public double Dt { get; } = dt;
        public int Updates { get; } = updates;
        public int Ticks { get; set; }
    }

    /// <summary>The contrasts an edge has accumulated toward a mini-batch's update, allocated only once one comes (memory per actor counts).</summary>
    private sealed class MiniBatch
    {
        private double _sum;
        private int _count;

        public double Mean => _sum / _count;

        public void Add(double contrast) => (_sum, _count) = (_sum + contrast, _count + 1);
    }

    /// <summary>
    /// Continuous learning: integrates the update over every tick up to <paramref name="tick"/>
    /// from the drops seen now. A tick without news from either terminal left the drops as they
    /// were, so catching up later with them is what integrating at each tick would have done.
    /// </summary>
    private void IntegrateThrough(Integration integration, int tick)
    {
        var learning = _board.Learning;
        for (; integration.Ticks < tick; integration.Ticks++)
            if (learning is not null && integration.Updates > 0)
                _element = learning.Edges.Integrate(_element, integration.Updates, _aFree - _bFree, _aClamped - _bClamped, integration.Dt);
    }

    /// <summary>A fresh start: what a newly wired edge knows, with this element and these terminal voltages (see <see cref="EdgeReset"/>).</summary>
    private void OnReset(EdgeReset m)
    {
        if (!Stale(m.Phase))
        {
            _element = m.Element.ToElement();
            (_aFree, _aClamped, _bFree, _bClamped) = (m.AFree, m.AClamped, m.BFree, m.BClamped);
            _toA = _toB = Norton.Never;
            _heldEnds = 0;
            _seqFrom = _seqTo = 0;
            _batch = null;
            _integration = null;
        }
        _board.Quiescence.Settle(0);
    }

    /// <summary>The experimenter's check of what this edge's learning rule would read: its view of both terminals.</summary>
    private void OnProbe(EdgeProbe m)
    {
        var quiescence = _board.Quiescence;
        quiescence.Settle(1);
        quiescence.CountControl(1);
        _board.Coordinator.Tell(new EdgeReading(m.Phase, _index, _aFree, _aClamped, _bFree, _bClamped));
    }

    /// <summary>
    /// A tick of the learning clock: if this edge's own clock fires at this step, it applies the
    /// rule to its own last drops in the two twins (a - b, as its terminals reported them) and
    /// reports its element. Its nodes hear of the change at the next phase's set-up.
    /// </summary>
    private void OnLearn(Learn m)
    {
        var quiescence = _board.Quiescence;
        quiescence.Settle(1);
        quiescence.CountControl(1);
        var learning = _board.Learning;
        var before = _element;
        if (learning is not null && From != To)
        {
            if (m.Through > 0)
            {
                if (!Stale(m.Phase) && _integration is { } integration) IntegrateThrough(integration, m.Through);
            }
            else if (m.Mode == LearnMode.ApplyAccumulated)
            {
                if (_batch is { } batch) _element = learning.Edges.Tick(_index, m.Step, _element, batch.Mean);
                _batch = null;
            }
            else if (!Stale(m.Phase))
            {
                var freeDrop = _aFree - _bFree;
                var clampedDrop = _aClamped - _bClamped;
                if (m.Mode == LearnMode.Now) _element = learning.Edges.Tick(_index, m.Step, _element, freeDrop, clampedDrop);
                else (_batch ??= new MiniBatch()).Add(learning.Edges.Contrast(freeDrop, clampedDrop));
            }
        }
        // Continuous learning changed the element tick by tick: report it whatever this last tick did.
        var changed = m.Through > 0 || !_element.Equals(before);
        _board.Coordinator.Tell(new Learned(_phase, _index, changed ? ElementWire.From(_element) : null));
    }

    /// <summary>Works out both terminals' Norton equivalents and tells those whose news is worth a message.</summary>
    private void Answer(bool forceA, bool forceB)
    {
        var settings = _board.Settings;
        var threshold = settings.Threshold;
        var free = _element.Respond(_aFree, _bFree);
        var clamped = _element.Respond(_aClamped, _bClamped);
        if (ClampedScale is var scale && scale != 1.0)
            clamped = new EdgeResponse(scale * clamped.Current, scale * clamped.DCurrentDVa, scale * clamped.DCurrentDVb);
        // Into a flows -I, and d(-I)/dVa = -dI/dVa, so g_a = dI/dVa; into b flows +I, g_b = -dI/dVb.
        var forA = new Norton(
            free.DCurrentDVa, -free.Current + free.DCurrentDVa * _aFree,
            clamped.DCurrentDVa, -clamped.Current + clamped.DCurrentDVa * _aClamped);
        var forB = new Norton(
            -free.DCurrentDVb, free.Current - free.DCurrentDVb * _bFree,
            -clamped.DCurrentDVb, clamped.Current - clamped.DCurrentDVb * _bClamped);
        var sendA = (_heldEnds & 1) == 0 && (forceA || forA.DiffersFrom(_toA, _aFree, _aClamped, threshold));
        var sendB = (_heldEnds & 2) == 0 && (forceB || forB.DiffersFrom(_toB, _bFree, _bClamped, threshold));

        Transmission toA = new(sendA ? 0 : -1, 0), toB = new(sendB ? 0 : -1, 0);
        if (_board.EdgeLinks is { } links)
        {
            if (sendA) toA = links[2 * _index].Transmit(settings);
            if (sendB) toB = links[2 * _index + 1].Transmit(settings);
        }
        var sends = (toA.Delivered ? 1 : 0) + (toB.Delivered ? 1 : 0);
        var quiescence = _board.Quiescence;
        quiescence.Settle(sends);
        quiescence.CountHot(sends);
        quiescence.CountDropped(toA.Lost + toB.Lost);
        // The link layer retransmits a lost message itself; one it gave up on still changed what
        // the edge believes it said, and only the coordinator's refresh repairs that.
        if (sendA)
        {
            _toA = forA;
            if (toA.Delivered) Tell(From, _board.SlotAtFrom[_index], forA, toA.DelayMs);
        }
        if (sendB)
        {
            _toB = forB;
            if (toB.Delivered) Tell(To, _board.SlotAtTo[_index], forB, toB.DelayMs);
        }
    }

    private void Tell(int node, int slot, Norton n, double delayMs)
    {
        var message = new EdgeNorton(_phase, ++_seq, slot, n.GFree, n.CFree, n.GClamped, n.CClamped, _integration?.Ticks ?? 0);
        LinkState.Deliver(_board.Nodes[node], message, delayMs, Self, _board.Settings);
    }

    /// <summary>A Norton equivalent in both twins: conductance g and source c, the current into the node being c - g V.</summary>
    private readonly record struct Norton(double GFree, double CFree, double GClamped, double CClamped)
    {
        public static readonly Norton Never = new(double.NaN, double.NaN, double.NaN, double.NaN);

        /// <summary>
        /// Worth telling: the predicted current at the node's voltage moved by more than the
        /// threshold's worth through this conductance, or the conductance itself moved by a quarter.
        /// </summary>
        public bool DiffersFrom(Norton old, double vFree, double vClamped, double threshold) =>
            double.IsNaN(old.GFree)
            || Differs(GFree, CFree, old.GFree, old.CFree, vFree, threshold)
            || Differs(GClamped, CClamped, old.GClamped, old.CClamped, vClamped, threshold);

        private static bool Differs(double g, double c, double gOld, double cOld, double v, double threshold)
        {
            var scale = Math.Max(Math.Abs(g), Math.Abs(gOld));
            return Math.Abs((c - g * v) - (cOld - gOld * v)) > threshold * scale
                || Math.Abs(g - gOld) > 0.25 * scale;
        }
    }
}
