using Akka.Actor;
using Clln.Actors.Wiring;

namespace Clln.Actors.Members;

/// <summary>
/// The coordinator's quiescence detector for a run spread over partitions. Each partition keeps
/// its own count (exact for its own work) and, per channel (every other partition, and the
/// coordinator), how many messages it sent there and received from there; each time it falls idle
/// its host reports them, read in one turn (<see cref="PartitionReport"/>). Silence is declared
/// when the coordinator itself is idle, every partition's latest report is idle, and on every
/// channel a to b the messages a counted out equal those b counted in (a's latest report or the
/// coordinator's own counts, against b's).
/// </summary>
/// <remarks>
/// Why the latest reports suffice, though they were read at different times: suppose silence is
/// declared while some message m, from a to b, arrived after b's latest report or is still in
/// flight; take the earliest such m. If a sent m after its own latest report, a was busy after
/// reporting idle, so something reached a after its report, earlier than m reached b: not the
/// earliest. So a's report (or the coordinator's live counts) counts m out and b's does not count
/// it in; for the channel to balance, b's report must count in some m' that a's report does not
/// count out, sent after a's report, which again needs an earlier late arrival at a. Counting per
/// channel matters: totals over all channels could balance a message in flight on one channel
/// against one on another. One report per partition per step replaces the two polling waves the
/// coordinator ran at every barrier until 2026-12 (Mattern's four counters).
/// </remarks>
internal sealed class PartitionReports(Quiescence own, EngineSettings settings)
{
    private IActorRef[] _hosts = [];
    private PartitionReport[] _latest = [];
    private MemberSettings? _published;

    /// <summary>Every partition's host, by partition number, set once the network is wired (all idle, nothing exchanged yet).</summary>
    public IActorRef[] Hosts
    {
        get => _hosts;
        set
        {
            _hosts = value;
            var channels = value.Length + 1;
            _latest = Enumerable.Range(0, value.Length).Select(p => new PartitionReport(p, 0, true, new long[channels], new long[channels], 0, 0, 0, 0, 0)).ToArray();
            _published = null; // a new host has heard nothing yet
        }
    }

    /// <summary>
    /// Whether the partitions step the clocked schedule among themselves (see <see cref="PartitionClock"/>);
    /// otherwise the coordinator ticks every colour step and waits for silence after each.
    /// </summary>
    public bool PartitionsStep { get; set; }

    /// <summary>Per partition, the node-edge messages its actors sent, as its latest report says (read from any thread: each report is replaced whole).</summary>
    public long[] MessagesByPartition => _latest.Select(r => r.Hot).ToArray();

    /// <summary>The coordinator's own channel number.</summary>
    public int CoordinatorChannel => _hosts.Length;

    /// <summary>Takes a partition's report (a late one, overtaken by a newer, is ignored) and updates the traffic tallies.</summary>
    public void Take(PartitionReport report)
    {
        if (report.Partition >= _latest.Length || report.Sequence <= _latest[report.Partition].Sequence) return;
        _latest[report.Partition] = report;
        // The tallies only grow: the latest reports' are the latest known (the free-running schedule's guard reads them mid-phase).
        own.Elsewhere = _latest.Aggregate(default(Traffic), (sum, r) => sum + new Traffic(r.Hot, r.Control, r.Dropped, r.Updates, r.CrossMember));
    }

    /// <summary>Whether the whole run is silent: read in the coordinator's turn, after its own count or a report changed.</summary>
    public bool Silent()
    {
        if (own.Pending != 0 || _latest.Any(r => !r.Idle)) return false;
        var coordinator = CoordinatorChannel;
        for (var a = 0; a <= coordinator; a++)
            for (var b = 0; b <= coordinator; b++)
            {
                if (a == b) continue;
                var sent = a == coordinator ? own.SentOn(b) : _latest[a].SentTo[b];
                var received = b == coordinator ? own.ReceivedOn(a) : _latest[b].ReceivedFrom[a];
                if (sent != received) return false;
            }
        return true;
    }

    /// <summary>Asks every partition for a report now (the free-running schedule's guard needs the tallies while it runs).</summary>
    public void Poll(IActorRef coordinator)
    {
        foreach (var host in _hosts) host.Tell(ReportPoll.Instance, coordinator);
    }

    /// <summary>The hosts may have changed their settings themselves (a partition clock's safety net): publish the next settings whatever they are.</summary>
    public void Republish() => _published = null;

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
}
