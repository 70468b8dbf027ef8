using Akka.Actor;
using Clln.Actors.Faults;

namespace Clln.Actors.Mechanics;

/// <summary>
/// A spring of an elastic network, in both twins. It knows where its two nodes last said they
/// were and answers each with its pull linearised there (<see cref="Pull.Of"/>): what the node
/// needs for its local force balance. It tells a node only news worth a message
/// (<see cref="Pull.DiffersFrom"/>), and never a node held in both twins. Under link noise it
/// reads each coordinate with Gaussian noise of <see cref="ActorEngineOptions.Noise"/> metres.
/// </summary>
/// <remarks>
/// A node that moved hears back too when the move turned the spring enough: its own
/// linearisation was taken where it stood before (the elastic counterpart of the correction a
/// transistor edge sends the node that moved).
/// </remarks>
internal sealed class SpringActor : UntypedActor
{
    private readonly SpringBoard _board;
    private readonly int _index;
    private double _stiffness, _rest; // what it learns
    private readonly double[] _ends = new double[8]; // per end (a, b): x, y free; x, y clamped
    private readonly int[] _lastSeq = new int[2];
    private readonly bool[] _held = new bool[2];
    private readonly Pull[] _told = new Pull[4];     // per end: free, clamped
    private int _phase, _round, _heard, _seq;

    public SpringActor(SpringBoard board, int index)
    {
        _board = board;
        _index = index;
        var spring = board.Network.Springs[index];
        (_stiffness, _rest) = (spring.Stiffness, spring.RestLength);
    }

    public static Props Props(SpringBoard board, int index) => Akka.Actor.Props.Create(() => new SpringActor(board, index));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case NodeAt m: OnNodeAt(m); break;
            case LearnSprings m: OnLearn(m); break;
            default: Unhandled(message); break;
        }
    }

    private void OnNodeAt(NodeAt m)
    {
        var quiescence = _board.Quiescence;
        if (m.Phase < _phase || (m.Phase == _phase && m.Round < _round) || m.Seq <= _lastSeq[m.End] || _board.Settings.Halted)
        {
            quiescence.Settle(0);
            return;
        }
        if (m.Phase > _phase || m.Round > _round)
        {
            // A new round of announcements: wait to hear both ends, then tell both whatever they
            // were told before. Answering each end as its announcement came would make what a node
            // last heard depend on which end spoke first.
            (_phase, _round) = (m.Phase, m.Round);
            _heard = 0;
            Array.Fill(_told, Pull.Never);
        }
        _lastSeq[m.End] = m.Seq;
        _heard |= 1 << m.End;
        _held[m.End] = m.Held;
        var o = 4 * m.End;
        (_ends[o], _ends[o + 1], _ends[o + 2], _ends[o + 3]) = (m.XFree, m.YFree, m.XClamped, m.YClamped);
        if (_board.SpringLinks is { } readings && _board.Settings.Noise > 0)
        {
            // Reading where the end is, with noise of sigma metres in each coordinate (a strain gauge's error).
            ref var link = ref readings[2 * _index + m.End];
            for (var i = o; i < o + 4; i++) _ends[i] = link.Measure(_ends[i], _board.Settings.Noise);
        }
        if (_heard != 3)
        {
            quiescence.Settle(0);
            return;
        }
        Span<bool> send = stackalloc bool[2];
        Span<Pull> pulls = stackalloc Pull[4];
        for (var end = 0; end < 2; end++)
        {
            pulls[2 * end] = PullOn(end, twin: 0);
            pulls[2 * end + 1] = PullOn(end, twin: 1);
            send[end] = !_held[end] && (Worth(end, 0, pulls[2 * end]) || Worth(end, 1, pulls[2 * end + 1]));
        }
        var settings = _board.Settings;
        Span<Transmission> sent = stackalloc Transmission[2];
        var delivered = 0;
        var lost = 0;
        for (var end = 0; end < 2; end++)
        {
            if (!send[end]) continue;
            sent[end] = _board.SpringLinks is { } links ? links[2 * _index + end].Transmit(settings) : new Transmission(0, 0);
            if (sent[end].Delivered) delivered++;
            lost += sent[end].Lost;
        }
        quiescence.Settle(delivered);
        quiescence.CountHot(delivered);
        quiescence.CountDropped(lost);
        for (var end = 0; end < 2; end++)
        {
            if (!send[end]) continue;
            // What the node was meant to hear, even when the link gave up on it: only a refresh repairs that.
            (_told[2 * end], _told[2 * end + 1]) = (pulls[2 * end], pulls[2 * end + 1]);
            if (!sent[end].Delivered) continue;
            var spring = _board.Network.Springs[_index];
            var node = end == 0 ? spring.A : spring.B;
            var message = new SpringPull(_phase, ++_seq, _board.SlotAt[2 * _index + end], pulls[2 * end], pulls[2 * end + 1]);
            LinkState.Deliver(_board.Nodes[node], message, sent[end].DelayMs, Self, settings);
        }
    }

    /// <summary>
    /// Coupled learning from what this spring alone sees: its length in each twin, from where its
    /// nodes last said they were (within the send threshold of where they are). Its nodes hear of
    /// the change when the next phase starts, as every spring answers both ends then.
    /// </summary>
    private void OnLearn(LearnSprings m)
    {
        var spring = _board.Network.Springs[_index] with { Stiffness = _stiffness, RestLength = _rest };
        var learned = m.Rule.Update(spring, Length(twin: 0), Length(twin: 1));
        (_stiffness, _rest) = (learned.Stiffness, learned.RestLength);
        Sender.Tell(new SpringLearned(_index, _stiffness, _rest));
    }

    private double Length(int twin)
    {
        var (dx, dy) = (_ends[2 * twin] - _ends[4 + 2 * twin], _ends[2 * twin + 1] - _ends[4 + 2 * twin + 1]);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>This spring's pull on end <paramref name="end"/> in one twin, linearised where that end is.</summary>
    private Pull PullOn(int end, int twin)
    {
        var p = 4 * end + 2 * twin;
        var q = 4 * (1 - end) + 2 * twin;
        return Pull.Of(_ends[p], _ends[p + 1], _ends[q], _ends[q + 1], _stiffness, _rest);
    }

    private bool Worth(int end, int twin, Pull pull)
    {
        var p = 4 * end + 2 * twin;
        return pull.DiffersFrom(_told[2 * end + twin], _ends[p], _ends[p + 1], _stiffness, _board.Settings.Threshold);
    }
}
