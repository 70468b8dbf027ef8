using Akka.Actor;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// The coordinator's quiescence detector for a run spread over partitions: each partition keeps
/// its own count (exact for its own work) and its out and in totals of messages that crossed
/// partitions. When any partition reports <c>Quiet</c> the coordinator polls every partition in a
/// wave; silence is declared only when two successive waves read the same numbers everywhere,
/// every count at zero, and as many messages arrived as departed (Mattern's four-counter method:
/// a message in flight unbalances the totals; one sent and handled between the readings changes
/// them). So equilibrium is never declared early, whatever the timing.
/// </summary>
internal sealed class QuiescenceWaves(Quiescence own, EngineSettings settings)
{
    private IActorRef[] _hosts = [];
    private MemberCounts?[] _replies = [];
    private MemberCounts[]? _previous;
    private int _wave;
    private int _missing;
    private bool _running;
    private bool _again;
    private MemberSettings? _published;

    /// <summary>Every partition's host, by partition number (set at wiring and after any member change).</summary>
    public IActorRef[] Hosts
    {
        get => _hosts;
        set
        {
            _hosts = value;
            _published = null; // a new host has heard nothing yet
            _previous = null;
            if (_running) _again = true;
            _running = false;
        }
    }

    /// <summary>A partition fell quiet: start a wave unless one is running (then run another after it).</summary>
    public void Poll(IActorRef coordinator)
    {
        if (_running)
        {
            _again = true;
            return;
        }
        Start(coordinator);
    }

    /// <summary>Takes one partition's counts; true when silence is now certain.</summary>
    public bool Take(MemberCounts counts, IActorRef coordinator)
    {
        if (!_running || counts.Wave != _wave || counts.Partition >= _replies.Length || _replies[counts.Partition] is not null) return false;
        _replies[counts.Partition] = counts;
        if (--_missing > 0) return false;
        var now = _replies.Select(r => r!).ToArray();
        _running = false;
        var balanced = own.Pending == 0 && now.All(r => r.Pending == 0)
            && own.Departed + now.Sum(r => r.Departed) == own.Arrived + now.Sum(r => r.Arrived);
        if (balanced && _previous is not null && _previous.Select(Numbers).SequenceEqual(now.Select(Numbers)))
        {
            _previous = null;
            _again = false;
            own.Elsewhere = now.Aggregate(default(Traffic), (sum, r) => sum + new Traffic(r.Hot, r.Control, r.Dropped, r.Updates, r.CrossMember));
            return true;
        }
        _previous = balanced ? now : null;
        if (balanced || _again)
        {
            _again = false;
            Start(coordinator);
        }
        return false;
    }

    /// <summary>
    /// Before the coordinator starts work from silence: the settings it may have changed at the
    /// barrier go to every host, ahead of that work (same sender, same receiver: in order).
    /// </summary>
    public void Publish(IActorRef coordinator)
    {
        var current = new MemberSettings(settings.Threshold, settings.Omega, settings.Halted);
        if (current == _published) return;
        _published = current;
        foreach (var host in _hosts) host.Tell(current, coordinator);
    }

    private void Start(IActorRef coordinator)
    {
        _running = true;
        _wave++;
        _missing = _hosts.Length;
        _replies = new MemberCounts?[_hosts.Length];
        var poll = new CountPoll(_wave);
        foreach (var host in _hosts) host.Tell(poll, coordinator);
    }

    private static (long, long, long) Numbers(MemberCounts c) => (c.Pending, c.Departed, c.Arrived);
}
