using Akka.Actor;
using Clln.Actors.Faults;
using Clln.Actors.Hosting;
using Clln.Actors.Wiring;

namespace Clln.Actors.Mechanics;

/// <summary>
/// A node of an elastic network, in both twins. It knows only what its springs told it: each
/// spring's pull linearised where the node was (a 2x2 stiffness K and a force, <see cref="Pull"/>).
/// Force balance at the node is then a local 2x2 equation, sum(C) = sum(K) x, and an update moves
/// the node toward its solution: x += omega (x* - x), the local Newton step, at most
/// <see cref="SpringBoard.MaxStep"/> long. A held node keeps its position. The node tells its
/// springs where it is only when it moved more than the threshold since it last told them.
/// </summary>
/// <remarks>
/// The electrical <see cref="Nodes.NodeActor"/> with a position for a voltage; the same
/// quiescence accounting: every message handled is owed to the count until the node retires it,
/// with what it sends next or when its mailbox runs dry. Free-running, the node moves once a
/// wake-up, on all the news it read.
/// </remarks>
internal sealed class SpringNodeActor : UntypedActor
{
    private const int Free = 0, Clamped = 1;

    private readonly SpringBoard _board;
    private readonly int _index;
    private readonly Pull[] _pulls;      // per slot: free, clamped
    private readonly int[] _lastSeq;     // per slot: the newest message read from that spring
    private readonly int[] _heardIn;     // per slot: the last phase that spring spoke in
    private readonly double[] _at = new double[4];   // x, y free; x, y clamped
    private readonly double[] _told = new double[4]; // what the springs were last told
    private readonly bool[] _held = new bool[2];     // per twin
    private int _phase, _round, _seq, _unheard, _owed;
    private bool _news;          // heard something new, or its last step left it short of its local solution
    private bool _reminded;      // free-running: a MoveAgain to itself is in the mailbox

    public SpringNodeActor(SpringBoard board, int index)
    {
        _board = board;
        _index = index;
        var degree = board.Incident[index].Length;
        _pulls = new Pull[2 * degree];
        _lastSeq = new int[degree];
        _heardIn = new int[degree];
        var node = board.Network.Nodes[index];
        _at[0] = _at[2] = node.X;
        _at[1] = _at[3] = node.Y;
    }

    public static Props Props(SpringBoard board, int index) => Akka.Actor.Props.Create(() => new SpringNodeActor(board, index));

    private bool HeldInBoth => _held[Free] && _held[Clamped];

    protected override void OnReceive(object message)
    {
        if (message is WhereAreYou)
        {
            Sender.Tell(new NodePlace(_index, _at[0], _at[1], _at[2], _at[3]));
            return;
        }
        _owed++;
        switch (message)
        {
            case SpringPull m: OnPull(m); break;
            case StepNode m: OnStep(m); break;
            case HoldAt m: OnHold(m); break;
            case Announce m: OnAnnounce(m); break;
            case MoveAgain: _reminded = false; break;
            default:
                _owed--;
                Unhandled(message);
                break;
        }
        if (_owed > 0 && MailboxState.RunsDry(Context)) RunDry();
    }

    /// <summary>The mailbox is empty: free-running, move on the news read; retire what was handled.</summary>
    private void RunDry()
    {
        if (!_board.Settings.Clocked && CanMove) Move();
        else Commit(0);
    }

    private bool CanMove => _news && _unheard == 0 && !HeldInBoth && !_board.Settings.Halted;

    private void Commit(int sends)
    {
        _board.Quiescence.Settle(sends, _owed);
        _owed = 0;
    }

    private void OnPull(SpringPull m)
    {
        if (m.Phase != _phase || m.Seq <= _lastSeq[m.Slot]) return;
        _lastSeq[m.Slot] = m.Seq;
        if (_heardIn[m.Slot] != _phase)
        {
            _heardIn[m.Slot] = _phase;
            _unheard--;
        }
        _pulls[2 * m.Slot + Free] = m.Free;
        _pulls[2 * m.Slot + Clamped] = m.Clamped;
        _news = true;
    }

    private void OnStep(StepNode m)
    {
        if (m.Phase == _phase && CanMove) Move();
    }

    /// <summary>
    /// A phase starts: positions where a twin holds the node, then every spring told where it is.
    /// Until every spring has spoken in this phase the node waits (it cannot balance forces it has not heard).
    /// </summary>
    private void OnHold(HoldAt m)
    {
        (_phase, _round) = (m.Phase, 0);
        _unheard = _lastSeq.Length;
        _news = false;
        _held[Free] = !double.IsNaN(m.XFree);
        _held[Clamped] = !double.IsNaN(m.XClamped);
        if (_held[Free]) (_at[0], _at[1]) = (m.XFree, m.YFree);
        if (_held[Clamped]) (_at[2], _at[3]) = (m.XClamped, m.YClamped);
        Tell();
    }

    /// <summary>A refresh: every node announces where it is in a new round, and every spring answers both its ends.</summary>
    private void OnAnnounce(Announce m)
    {
        if (m.Phase != _phase) return;
        _round = m.Round;
        Tell();
    }

    /// <summary>
    /// One local Newton step toward force balance in each free twin; the springs hear of it if it
    /// went far enough. A step that left the node further than the threshold from its local
    /// solution (over-relaxed, or capped) keeps its news, so the node steps again: at its colour's
    /// next turn, or free-running at once, by a reminder to itself.
    /// </summary>
    private void Move()
    {
        var left = 0.0;
        for (var twin = Free; twin <= Clamped; twin++)
            if (!_held[twin]) left = Math.Max(left, Step(twin));
        _board.Quiescence.CountUpdate();
        var threshold = _board.Settings.Threshold;
        _news = left > threshold;
        var moved = 0.0;
        for (var i = 0; i < 4; i++) moved = Math.Max(moved, Math.Abs(_at[i] - _told[i]));
        var remind = _news && !_board.Settings.Clocked && !_reminded;
        if (moved > threshold) Tell(remind ? 1 : 0);
        else Commit(remind ? 1 : 0);
        if (!remind) return;
        _reminded = true;
        _board.Quiescence.CountControl(1);
        Self.Tell(new MoveAgain(_phase));
    }

    /// <summary>One twin's step; returns the distance still left to the local solution (0 when the node cannot solve here).</summary>
    private double Step(int twin)
    {
        double kxx = 0, kxy = 0, kyy = 0, cx = 0, cy = 0;
        for (var slot = 0; slot < _lastSeq.Length; slot++)
        {
            var p = _pulls[2 * slot + twin];
            (kxx, kxy, kyy, cx, cy) = (kxx + p.Kxx, kxy + p.Kxy, kyy + p.Kyy, cx + p.Cx, cy + p.Cy);
        }
        var det = kxx * kyy - kxy * kxy;
        if (!(kxx > 0 && det > 0)) return 0; // no stiffness in some direction at this geometry: wait for springs to stretch
        ref var x = ref _at[2 * twin];
        ref var y = ref _at[2 * twin + 1];
        var (targetX, targetY) = ((kyy * cx - kxy * cy) / det, (kxx * cy - kxy * cx) / det);
        var (dx, dy) = (targetX - x, targetY - y);
        var correction = Math.Sqrt(dx * dx + dy * dy);
        // Over-relaxed only far from the local solution: near it, as on the electrical nodes
        // (EngineSettings.OverRelaxationFloor), the plain step settles what over-relaxation would keep chattering.
        var factor = correction > EngineSettings.OverRelaxationFloor * _board.Settings.Threshold ? _board.Settings.Omega : 1.0;
        var cap = _board.MaxStep[_index];
        if (factor * correction > cap) factor = cap / correction;
        x += factor * dx;
        y += factor * dy;
        return Math.Abs(1 - factor) * correction;
    }

    /// <summary>Tells every spring where the node is, through its links; retires what was handled and registers <paramref name="alsoSends"/> more messages.</summary>
    private void Tell(int alsoSends = 0)
    {
        var springs = _board.Incident[_index];
        var settings = _board.Settings;
        Span<Transmission> sent = springs.Length <= 32 ? stackalloc Transmission[springs.Length] : new Transmission[springs.Length];
        var delivered = 0;
        var lost = 0;
        for (var slot = 0; slot < springs.Length; slot++)
        {
            sent[slot] = _board.NodeLinks is { } links ? links[_index][slot].Transmit(settings) : new Transmission(0, 0);
            if (sent[slot].Delivered) delivered++;
            lost += sent[slot].Lost;
        }
        Commit(delivered + alsoSends);
        var quiescence = _board.Quiescence;
        quiescence.CountHot(delivered);
        quiescence.CountDropped(lost);
        Array.Copy(_at, _told, 4);
        var seq = ++_seq;
        for (var slot = 0; slot < springs.Length; slot++)
        {
            if (!sent[slot].Delivered) continue; // the link layer gave up: only a refresh (Announce) repairs it
            var s = springs[slot];
            var end = _board.Network.Springs[s].A == _index ? 0 : 1;
            var message = new NodeAt(_phase, _round, seq, end, _at[0], _at[1], _at[2], _at[3], HeldInBoth);
            LinkState.Deliver(_board.Springs[s], message, sent[slot].DelayMs, Self, settings);
        }
    }
}
