using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Edges;
using Clln.Actors.Faults;
using Clln.Actors.Hosting;
using Clln.Actors.Wiring;
using Clln.Core.Solving;

namespace Clln.Actors.Nodes;

/// <summary>
/// A node of the network, in both twins. It knows only what its edges told it: each edge's
/// Norton equivalent (a conductance g and a source c: the edge pushes c - g V into the node at
/// voltage V). Kirchhoff's current law at the node is then a local equation, sum(c) = V sum(g),
/// and an update moves V toward its solution: V += omega (sum(c) / sum(g) - V), which is the
/// local Newton step for any edge (capped at a node with a nonlinear edge, see
/// <see cref="MaxNonlinearStep"/>) and the exact local solve for resistors. A held node keeps
/// its voltage. The node tells its edges its voltage only when it moved more than the threshold.
/// </summary>
/// <remarks>
/// The actor's index is its name ("n42"), so all nodes share one Props and keep no references of
/// their own: their edges' references are on the member's <see cref="Board"/>.
/// </remarks>
internal sealed class NodeActor : UntypedActor
{
    private const int G = 0, C = 1; // offsets of conductance and source in a twin's pair

    private readonly Board _board;
    private readonly int _index;
    private readonly double[] _norton;   // per slot: gFree, cFree, gClamped, cClamped
    private readonly int[] _lastSeq;     // per slot: the newest message read from that edge
    private int _phase;
    private int _seq;
    private double _free, _clamped;         // the node's voltage in each twin
    private double _sentFree, _sentClamped; // what its edges were last told
    private bool _heldFree, _heldClamped;   // a held twin keeps its voltage in _free or _clamped
    private double _tetherG, _tetherC;      // a current nudge's tie to the target in the clamped twin: conductance, and its source (0: none)
    private NodeDynamics? _dynamics;        // continuous learning (null: relaxing to a certificate)
    private bool _dirty;         // clocked: has news and asked for a tick
    private bool _relaxPending;  // a Relax to itself is in the mailbox
    private bool _news;          // async: news read, to relax on when the mailbox runs dry
    private readonly bool _nonlinear; // an edge is nonlinear (a transistor): its steps are capped
    private int _unheard;        // edges that have not spoken yet: until all have, the node cannot solve
    private int _owed;           // handled messages not yet retired from the quiescence count

    public NodeActor(Board board)
    {
        _board = board;
        _index = int.Parse(Self.Path.Name.AsSpan(1));
        var degree = board.Incident[_index].Length;
        _norton = new double[4 * degree];
        _lastSeq = new int[degree];
        _unheard = degree;
        // Learning changes an element's value, never its kind, so the wired network says which nodes are linear.
        _nonlinear = board.Incident[_index].Any(j => board.Network.Edges[j].Element.LinearConductance is null);
        _free = _clamped = _sentFree = _sentClamped = board.InitialVoltages[_index];
        if (board.NodeLinks is { } links)
        {
            var mine = links[_index] = new LinkState[degree];
            for (var s = 0; s < mine.Length; s++)
                mine[s] = new LinkState(SplitMix.Stream(board.Settings.Seed, LinkStreams.NodeSide, _index, s), board.Settings.Slowdown(_index));
        }
    }

    // Read from the board rather than kept: memory per actor counts.
    private int[] EdgeList => _board.Incident[_index];
    private LinkState[]? Links => _board.NodeLinks?[_index];

    private bool HeldInBoth => _heldFree && _heldClamped;

    /// <remarks>
    /// Every message handled is owed to the quiescence count until the node retires it: with what
    /// it sends next (<see cref="Commit"/>), or when its mailbox runs dry. A free-running node
    /// relaxes only then, once per wake-up, on all the news it has read.
    /// </remarks>
    protected override void OnReceive(object message)
    {
        _owed++;
        switch (message)
        {
            case EdgeNorton m: OnNorton(m); break;
            case Relax m: OnRelax(m); break;
            case Tick m: OnTick(m); break;
            case NodePhase m: OnPhase(m); break;
            case Probe m: OnProbe(m); break;
            case NodeReset m: OnReset(m); break;
            default:
                _owed--; // not an engine message: never counted
                Unhandled(message);
                break;
        }
        // News read implies a message owed, so this also catches every relaxation due.
        if (_owed > 0 && MailboxState.RunsDry(Context)) RunDry();
    }

    /// <summary>The mailbox is empty: relax on the news read (async), and retire what was handled.</summary>
    private void RunDry()
    {
        if (!_news || _board.Settings.Halted)
        {
            _news = false;
            Commit(0);
            return;
        }
        _news = false;
        Update(TickKind.Relax, selfReminder: true);
    }

    /// <summary>Retires every message handled so far and registers <paramref name="sends"/> to go out now.</summary>
    private void Commit(int sends)
    {
        _board.Quiescence.Settle(sends, _owed);
        _owed = 0;
    }

    /// <summary>Whether a message belongs to an earlier phase (then it is dropped); a later phase is adopted.</summary>
    private bool Stale(int phase)
    {
        if (phase < _phase) return true;
        _phase = phase;
        return false;
    }

    private void OnNorton(EdgeNorton m)
    {
        if (Stale(m.Phase) || m.Seq <= _lastSeq[m.Slot]) return;
        if (_lastSeq[m.Slot] == 0) _unheard--;
        _lastSeq[m.Slot] = m.Seq;
        // Continuous learning: a neighbour that stepped at the coming tick before this node did
        // must not be heard until this node has stepped from the last tick's news (Euler).
        var norton = _dynamics is { } dynamics && m.Tick > dynamics.Tick ? dynamics.Early : _norton;
        var o = 4 * m.Slot;
        norton[o + G] = m.ConductanceFree;
        norton[o + 2 + G] = m.ConductanceClamped;
        if (Links is not { } links)
        {
            norton[o + C] = m.SourceFree;
            norton[o + 2 + C] = m.SourceClamped;
        }
        else
        {
            // Reading the current through this edge with noise of sigma volts' worth of its conductance.
            var sigma = _board.Settings.Noise;
            ref var link = ref links[m.Slot];
            norton[o + C] = link.Measure(m.SourceFree, sigma * m.ConductanceFree);
            norton[o + 2 + C] = link.Measure(m.SourceClamped, sigma * m.ConductanceClamped);
        }
        if (HeldInBoth || _board.Settings.Halted || _dynamics is not null) return; // continuous: only the clock's tick moves a node
        if (_board.Settings.Clocked) AskForTick();
        else _news = true;
    }

    /// <summary>Clocked: one readiness report per tick of news; the coordinator ticks the node in its colour's turn.</summary>
    private void AskForTick()
    {
        if (!_dirty) ReportReady(0);
    }

    /// <summary>
    /// Clocked: the node waits for its tick; retires the handled messages with
    /// <paramref name="sends"/> voltages to go. In one process the report is a flag on the board,
    /// read by the coordinator at its barrier (a wire to the clock rather than a message), raised
    /// before the messages are retired so that the barrier cannot pass it by; across members it is
    /// a <see cref="Ready"/> message.
    /// </summary>
    private void ReportReady(int sends)
    {
        _dirty = true;
        if (_board.ReadyFlags is { } flags)
        {
            flags[_index] = true;
            Commit(sends);
            return;
        }
        Commit(sends + 1);
        _board.Quiescence.CountControl(1);
        _board.Clock.Tell(new Ready(_phase, _index));
    }

    /// <summary>Async, over-relaxed: the step left some way to go; relax again with whatever news has come meanwhile.</summary>
    private void OnRelax(Relax m)
    {
        _relaxPending = false;
        if (!Stale(m.Phase)) _news = true;
    }

    private void OnTick(Tick m)
    {
        _dirty = false;
        if (Stale(m.Phase) || _board.Settings.Halted) return;
        _news = false; // this update reads everything heard so far
        if (m.Kind == TickKind.Integrate)
        {
            if (_dynamics is not null) Integrate(m.Sweep);
        }
        else Update(m.Kind, selfReminder: !_board.Settings.Clocked);
    }

    private void OnPhase(NodePhase m)
    {
        if (Stale(m.Phase)) return;
        // An output in a training step clamps itself, from its own free voltage and its target, or
        // (a current nudge) ties its clamped twin to the target.
        var tethered = m.Tether && !double.IsNaN(m.Target);
        var holdClamped = double.IsNaN(m.Target) || tethered ? m.HoldClamped : _free + m.Eta * (m.Target - _free);
        var (tetherG, tetherC) = tethered ? (m.Eta, m.Eta * m.Target) : (0.0, 0.0);
        var changed = m.Refresh || !SameHold(_heldFree, _free, m.HoldFree) || !SameHold(_heldClamped, _clamped, holdClamped)
            || tetherG != _tetherG || tetherC != _tetherC;
        (_tetherG, _tetherC) = (tetherG, tetherC);
        if (!double.IsNaN(m.StartFree)) (_free, changed) = (m.StartFree, true);
        if (!double.IsNaN(m.StartClamped)) (_clamped, changed) = (m.StartClamped, true);
        _heldFree = !double.IsNaN(m.HoldFree);
        _heldClamped = !double.IsNaN(holdClamped);
        if (_heldFree) _free = m.HoldFree;
        if (_heldClamped) _clamped = holdClamped;
        var kind = m.Refresh ? TickKind.Refresh : TickKind.Relax;
        if (m.Damping > 0) (_dynamics ??= new NodeDynamics(_lastSeq.Length)).Start(m.Damping, m.Target, m.Eta);
        else _dynamics = null;
        if (_board.Settings.Halted || !changed) return;
        if (_dynamics is not null)
        {
            // Continuous: the new holds go out as they are; the node moves on the clock's ticks.
            Broadcast(new NodeVoltage(_phase, ++_seq, _index, _free, _clamped, m.Refresh), again: false, selfReminder: false);
            return;
        }
        if (_board.Settings.Clocked)
        {
            AskForTick();
            return;
        }
        _news = false;
        Update(kind, selfReminder: true);
    }

    /// <summary>A fresh start from settled voltages: what a newly wired node knows, at these voltages (see <see cref="NodeReset"/>).</summary>
    private void OnReset(NodeReset m)
    {
        if (!Stale(m.Phase))
        {
            _free = _sentFree = m.Free;
            _clamped = _sentClamped = m.Clamped;
            _heldFree = _heldClamped = false;
            (_tetherG, _tetherC) = (0, 0);
            Array.Clear(_norton);
            Array.Clear(_lastSeq);
            _dynamics = null;
            _unheard = _lastSeq.Length;
        }
    }

    /// <summary>Whether a twin's hold (NaN: free) is what it was: both free, or both held at the same voltage.</summary>
    private static bool SameHold(bool held, double v, double hold) => double.IsNaN(hold) ? !held : held && v.Equals(hold);

    private void OnProbe(Probe m)
    {
        Commit(1);
        _board.Quiescence.CountControl(1);
        _board.Coordinator.Tell(new NodeReading(m.Phase, _index, _free, _clamped));
    }

    /// <summary>
    /// One relaxation step in each twin, then the voltage goes to every edge if it moved more than
    /// the threshold since they last heard (a held voltage goes whenever it changed at all).
    /// With omega other than 1 one step does not reach the local solution; while the distance
    /// left exceeds the threshold the node asks to step again (a tick, or a note to itself).
    /// </summary>
    private void Update(TickKind kind, bool selfReminder)
    {
        var settings = _board.Settings;
        var threshold = settings.Threshold;
        _board.Quiescence.CountUpdate();
        var left = Math.Max(Step(ref _free, _heldFree, 0, settings.Omega), Step(ref _clamped, _heldClamped, 2, settings.Omega));
        if (ReportedDivergence()) return;
        var send = kind == TickKind.Refresh
            || Moved(_free, _sentFree, _heldFree, threshold)
            || Moved(_clamped, _sentClamped, _heldClamped, threshold);
        var again = left > threshold;
        if (!send)
        {
            Continue(again, selfReminder, 0);
            return;
        }
        Broadcast(new NodeVoltage(_phase, ++_seq, _index, _free, _clamped, kind == TickKind.Refresh), again, selfReminder);
    }

    /// <summary>
    /// Continuous learning, one tick of the clock: an Euler step of the relaxation dynamics in
    /// each twin from what the edges said at the last tick (an output's clamped twin follows its
    /// new free voltage instead), told to every edge, however small, since the edges learn from it.
    /// </summary>
    private void Integrate(int tick)
    {
        _board.Quiescence.CountUpdate();
        var dynamics = _dynamics!;
        Step(ref _free, _heldFree, 0, dynamics.Damping);
        if (!double.IsNaN(dynamics.Target)) _clamped = _free + dynamics.Eta * (dynamics.Target - _free);
        else Step(ref _clamped, _heldClamped, 2, dynamics.Damping);
        dynamics.Tick = tick;
        dynamics.Release(_norton);
        if (ReportedDivergence()) return;
        Broadcast(new NodeVoltage(_phase, ++_seq, _index, _free, _clamped, WantsReply: false, tick), again: false, selfReminder: false);
    }

    /// <summary>Whether a voltage became infinite or NaN; if so the coordinator is told (the phase fails there).</summary>
    private bool ReportedDivergence()
    {
        if (double.IsFinite(_free) && double.IsFinite(_clamped)) return false;
        Commit(1);
        _board.Quiescence.CountControl(1);
        _board.Clock.Tell(new Diverged(_phase, _index));
        return true;
    }

    /// <summary>Tells every edge this voltage through its link, retiring the handled messages with the sends (and a request to step again when <paramref name="again"/>).</summary>
    private void Broadcast(NodeVoltage voltage, bool again, bool selfReminder)
    {
        var settings = _board.Settings;
        var quiescence = _board.Quiescence;
        _sentFree = voltage.Free;
        _sentClamped = voltage.Clamped;
        var edges = _board.Edges;
        var mine = EdgeList;
        if (Links is not { } links)
        {
            Continue(again, selfReminder, mine.Length);
            quiescence.CountHot(mine.Length);
            foreach (var j in mine) edges[j].Tell(voltage, Self);
            return;
        }
        // Put every message through its link first: the count must be registered before anything is sent.
        var delays = mine.Length <= 64 ? stackalloc double[mine.Length] : new double[mine.Length];
        int kept = 0, lost = 0;
        for (var s = 0; s < delays.Length; s++)
        {
            var transmission = links[s].Transmit(settings);
            delays[s] = transmission.DelayMs;
            lost += transmission.Lost;
            if (transmission.Delivered) kept++;
        }
        Continue(again, selfReminder, kept);
        quiescence.CountHot(kept);
        quiescence.CountDropped(lost);
        for (var s = 0; s < delays.Length; s++)
            if (delays[s] >= 0) LinkState.Deliver(edges[mine[s]], voltage, delays[s], Self, settings);
    }

    /// <summary>Retires the handled messages with <paramref name="sends"/> voltages to go, plus a request to step again when needed.</summary>
    private void Continue(bool again, bool selfReminder, int sends)
    {
        if (!again || (selfReminder ? _relaxPending : _dirty))
        {
            Commit(sends);
            return;
        }
        if (!selfReminder)
        {
            ReportReady(sends);
            return;
        }
        Commit(sends + 1);
        _board.Quiescence.CountControl(1);
        _relaxPending = true;
        Self.Tell(new Relax(_phase));
    }

    /// <summary>
    /// Volts: the most a node with a nonlinear edge moves in one step (the reference Newton
    /// solver's cap). A transistor's current into a node is convex and decreasing in the node's
    /// voltage, so a Newton step down overshoots, and from a node whose own conductance is tiny
    /// (the drain of saturated or leaking transistors) by volts: a gate learned 0.16 V up once
    /// sent a node at 0.96 V to -12 V, where every transistor on it conducts a thousandfold and
    /// its neighbours' steps ran off to infinity. Capped, the next step re-linearises.
    /// </summary>
    private const double MaxNonlinearStep = NewtonEquilibriumSolver.MaxStepVolts;

    /// <summary>
    /// One twin's step; returns the distance still left to the local solution. A resistor-only
    /// node solves exactly and is never capped; a capped node has further to go than the
    /// threshold, so it asks to step again and cannot fall silent away from its local solution.
    /// </summary>
    private double Step(ref double v, bool held, int twin, double omega)
    {
        if (held) return 0;
        // An edge not heard from would count as an open circuit: wait for every edge's first word.
        if (_unheard > 0) return 0;
        // The clamped twin's tie to its target (a current nudge) is one more Norton source.
        double sumG = twin == 0 ? 0 : _tetherG, sumC = twin == 0 ? 0 : _tetherC;
        for (var o = twin; o < _norton.Length; o += 4)
        {
            sumG += _norton[o + G];
            sumC += _norton[o + C];
        }
        if (!(sumG > 0)) return 0; // every edge is cut off (a transistor below threshold): nothing to solve
        var target = sumC / sumG;
        var correction = target - v;
        var move = Math.Abs(correction) > EngineSettings.OverRelaxationFloor * _board.Settings.Threshold ? omega * correction : correction;
        v += _nonlinear ? Math.Clamp(move, -MaxNonlinearStep, MaxNonlinearStep) : move;
        return Math.Abs(target - v);
    }

    private static bool Moved(double v, double sent, bool held, double threshold) =>
        held ? v != sent : Math.Abs(v - sent) > threshold;
}
