using Clln.Core.Experiments;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Clln.Actors;
using Clln.Actors.Training;
using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Cluster;

/// <summary>
/// A learning network spread over cluster members that goes on when a member hosting partitions
/// is lost. It keeps the last checkpoint (elements, step, settled voltages: what
/// <see cref="CheckpointVoltagesAsync"/> or <see cref="RestoreAsync"/> last set) and every call
/// made since, with its answer. When a call fails because a partition member was removed, the run
/// is wired again over the survivors (the same partitions; sharding gives the lost ones to the
/// members hosting fewest), the checkpoint is restored as `clln train --resume` restores it, the
/// calls since are redone and must give the same answers bit for bit (the clocked schedule is
/// repeatable whatever the placement; the free-running schedule redoes them to the tolerance),
/// and the failed call is made again.
/// </summary>
public sealed class ClusterTwinNetwork : ITwinNetwork
{
    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly Network _network;
    private readonly ActorEngineOptions _options;
    private readonly ClusterRun.Spread _spread;
    private readonly LearningSetup? _learning;
    private readonly int[] _inputs, _outputs;
    private readonly double _eta;
    private readonly Nudge _nudge;
    private readonly double? _timescaleRatio;
    private readonly ILoggingAdapter _log;
    private readonly List<(Func<ITwinNetwork, Task<FreeMeasurement>> Call, FreeMeasurement Answer)> _since = [];
    private readonly List<MemberLoss> _losses = [];
    private ClusterRun.Wired _wired;
    private ActorTwinNetwork _current;
    private (IEdgeElement[] Elements, long Step, SettledVoltages? Voltages) _checkpoint;
    private long _messages, _crossMember, _uncertified, _dropped;
    private double _largestErrorBound;

    private ClusterTwinNetwork(ActorSystem system, bool ownsSystem, Network network, ActorEngineOptions options, ClusterRun.Spread spread,
        LearningSetup? learning, int[] inputs, int[] outputs, double eta, Nudge nudge, double? timescaleRatio, ClusterRun.Wired wired)
    {
        (_system, _ownsSystem, _network, _options, _spread, _learning) = (system, ownsSystem, network, options, spread, learning);
        (_inputs, _outputs, _eta, _nudge, _timescaleRatio) = (inputs, outputs, eta, nudge, timescaleRatio);
        _log = Logging.GetLogger(system, typeof(ClusterTwinNetwork));
        _wired = wired;
        _current = Drive(wired.Engine);
        _checkpoint = (network.Edges.Select(e => e.Element).ToArray(), 0, null); // a newly wired network is its own fresh start
    }

    /// <summary>The learning network on an engine wired over the members.</summary>
    private ActorTwinNetwork Drive(ActorEngine engine) => new(engine, _inputs, _outputs, _eta, _nudge) { TimescaleRatio = _timescaleRatio };

    /// <summary>Wires <paramref name="network"/> over the members (see <see cref="ClusterRun.StartAsync"/>).</summary>
    /// <param name="ownsSystem">True to terminate <paramref name="system"/> on dispose.</param>
    /// <param name="timescaleRatio">Continuous learning's relaxation times per training step (null: quasistatic).</param>
    public static async Task<ClusterTwinNetwork> StartAsync(ActorSystem system, Network network, ActorEngineOptions options, ClusterRun.Spread spread,
        LearningSetup learning, int[] inputs, int[] outputs, double eta, bool ownsSystem = false, CancellationToken cancellation = default,
        Nudge nudge = Nudge.Clamp, double? timescaleRatio = null)
    {
        if (!(eta > 0 && eta <= ExperimentSetup.MaxEta)) throw new ArgumentOutOfRangeException(nameof(eta), eta, $"the nudge eta must be in (0, {ExperimentSetup.MaxEta}]");
        var wired = await ClusterRun.WireAsync(system, network, options, spread, learning, cancellation).ConfigureAwait(false);
        return new ClusterTwinNetwork(system, ownsSystem, network, options, spread, learning, inputs, outputs, eta, nudge, timescaleRatio, wired);
    }

    /// <summary>
    /// Each member hosting partitions now: its address, its partitions, their node and edge
    /// actors, and the node-edge messages those actors sent since they were wired (a member that
    /// took over a lost one's partitions counts from the re-hosting).
    /// </summary>
    public IReadOnlyList<MemberShare> Members()
    {
        var wired = _wired;
        var messages = wired.Engine.Board.Reports?.MessagesByPartition ?? [];
        return wired.Members.Select((member, p) => (member, p)).GroupBy(x => x.member)
            .Select(g => new MemberShare(g.Key.ToString(), g.Count(), g.Sum(x => wired.Nodes[x.p]), g.Sum(x => wired.Edges[x.p]),
                g.Sum(x => x.p < messages.Length ? messages[x.p] : 0)))
            .ToList();
    }

    /// <summary>The members lost so far, in order.</summary>
    public IReadOnlyList<MemberLoss> Losses => _losses;

    public long Step => _current.Step;

    /// <summary>Messages as the undisturbed run counts them: work redone after a loss is not counted again.</summary>
    public long Messages => _messages;

    public long UncertifiedPhases => _uncertified;

    /// <summary>Transmissions lost and sent again, as the undisturbed run counts them.</summary>
    public long DroppedMessages => _dropped;

    public double LargestErrorBound => _largestErrorBound;

    /// <summary>Of <see cref="Messages"/>, those whose node-edge link crossed members.</summary>
    public long CrossMemberMessages => _crossMember;

    public Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) =>
        LoggedAsync(n => n.MeasureAsync(inputs, cancellation), cancellation);

    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation) =>
        LoggedAsync(n => n.TrainStepAsync(inputs, targets, mode, cancellation), cancellation);

    /// <summary>Logged like a step (a replay after a loss applies the batch again at the same point); it answers nothing.</summary>
    public Task ApplyAccumulatedAsync(CancellationToken cancellation) =>
        LoggedAsync(async n =>
        {
            await n.ApplyAccumulatedAsync(cancellation).ConfigureAwait(false);
            return new FreeMeasurement([], 0);
        }, cancellation);

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => _current.ReadElementsAsync(cancellation);

    /// <summary>A checkpoint: the voltages (the actors start afresh from them) become the state a lost member's run resumes from.</summary>
    public async Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation)
    {
        var voltages = await SurvivingAsync(n => n.CheckpointVoltagesAsync(cancellation), cancellation).ConfigureAwait(false);
        _checkpoint = (await _current.ReadElementsAsync(cancellation).ConfigureAwait(false), _current.Step, voltages);
        _since.Clear();
        return voltages;
    }

    public async Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        _checkpoint = (elements.ToArray(), step, voltages);
        _since.Clear();
        await SurvivingAsync(async n =>
        {
            await n.RestoreAsync(elements, step, voltages, cancellation).ConfigureAwait(false);
            return 0;
        }, cancellation).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _current.DisposeAsync().ConfigureAwait(false);
        if (_ownsSystem) await _system.Terminate().ConfigureAwait(false);
    }

    /// <summary>A call that changes the network's state: kept, with its answer, until the next checkpoint.</summary>
    private async Task<FreeMeasurement> LoggedAsync(Func<ITwinNetwork, Task<FreeMeasurement>> call, CancellationToken cancellation)
    {
        var answer = await SurvivingAsync(call, cancellation).ConfigureAwait(false);
        _since.Add((call, answer));
        return answer;
    }

    /// <summary>Makes the call; if a partition member was lost meanwhile, re-hosts, catches up and makes it again.</summary>
    private async Task<T> SurvivingAsync<T>(Func<ITwinNetwork, Task<T>> call, CancellationToken cancellation)
    {
        var rehostings = 0;
        while (true)
        {
            var (messages, cross, uncertified, dropped) = (_current.Messages, _wired.Engine.CrossMemberMessages, _current.UncertifiedPhases, _current.DroppedMessages);
            try
            {
                var result = await call(_current).ConfigureAwait(false);
                _messages += _current.Messages - messages;
                _crossMember += _wired.Engine.CrossMemberMessages - cross;
                _dropped += _current.DroppedMessages - dropped;
                _uncertified += _current.UncertifiedPhases - uncertified;
                _largestErrorBound = Math.Max(_largestErrorBound, _current.LargestErrorBound);
                return result;
            }
            catch (Exception e) when (IsLoss(e) && LostMembers() is { Length: > 0 } lost)
            {
                // Re-hosting itself may meet a member going, or sharding still letting go of the lost one: try again, a bounded number of times.
                while (true)
                {
                    try
                    {
                        await RehostAsync(lost, e, cancellation).ConfigureAwait(false);
                        break;
                    }
                    // (A replay that gave other answers, with every member of the new wiring up, is no loss: it is not retried.)
                    catch (Exception again) when (++rehostings < MaxRehostings
                        && (again is AskTimeoutException or TimeoutException || (again is RelaxationException && LostMembers().Length > 0)))
                    {
                        _log.Warning("Re-hosting failed ({Error}); trying again", again.Message);
                        lost = lost.Union(LostMembers()).ToArray();
                        e = again;
                    }
                }
            }
        }
    }

    /// <summary>Attempts at re-hosting for one call before the run gives up.</summary>
    private const int MaxRehostings = 4;

    /// <summary>How a member's loss shows: the engine failed (the watcher told it), an answer never came, or wiring found too few members.</summary>
    private static bool IsLoss(Exception e) => e is RelaxationException or AskTimeoutException or TimeoutException;

    /// <summary>The members that hosted this run's partitions and are no longer up.</summary>
    private Address[] LostMembers()
    {
        var state = Akka.Cluster.Cluster.Get(_system).State;
        var up = state.Members.Where(m => m.Status == MemberStatus.Up && !state.Unreachable.Contains(m)).Select(m => m.Address).ToHashSet();
        return _wired.Members.Distinct().Where(a => !up.Contains(a)).ToArray();
    }

    private async Task RehostAsync(Address[] lost, Exception cause, CancellationToken cancellation)
    {
        var atStep = _current.Step;
        var moved = _wired.Members.Count(lost.Contains);
        _log.Warning("Cluster member(s) {Members} lost at step {Step} ({Cause}): re-hosting {Partitions} partition(s)",
            string.Join(", ", lost.Select(a => a.ToString())), atStep, cause.Message, moved);
        try
        {
            await _current.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Debug("Releasing the broken run: {Error}", e.Message); // its hosts may be gone with their member
        }
        var survivors = await SettledSurvivorsAsync(lost, cancellation).ConfigureAwait(false);
        _wired = await ClusterRun.WireAsync(_system, _network, _options, _spread with { Members = survivors, Partitions = _spread.PartitionCount }, _learning, cancellation,
            lost: lost).ConfigureAwait(false);
        _current = Drive(_wired.Engine);
        var (elements, step, voltages) = _checkpoint;
        await _current.RestoreAsync(elements, step, voltages, cancellation).ConfigureAwait(false);
        for (var k = 0; k < _since.Count; k++)
        {
            var again = await _since[k].Call(_current).ConfigureAwait(false);
            // The free-running schedule settles in another order on another placement: within the tolerance, not bit for bit.
            if (_options.Schedule == Schedule.Clocked && (!again.Outputs.SequenceEqual(_since[k].Answer.Outputs) || !again.Power.Equals(_since[k].Answer.Power)))
                throw new RelaxationException($"after re-hosting, call {k + 1} since the checkpoint at step {step} did not give the answer it gave before the loss");
            _since[k] = (_since[k].Call, again);
        }
        foreach (var member in lost) _losses.Add(new MemberLoss(member.ToString(), moved, atStep, step));
        _log.Warning("Re-hosted on {Survivors} surviving member(s): restored the checkpoint at step {Step} and redid {Calls} call(s) since, with the same answers",
            survivors, step, _since.Count);
    }

    /// <summary>Waits until the lost members are removed and no member is unreachable (sharding then re-allocates their partitions); returns the partition members up.</summary>
    private async Task<int> SettledSurvivorsAsync(Address[] lost, CancellationToken cancellation)
    {
        var cluster = Akka.Cluster.Cluster.Get(_system);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_spread.Wait);
        while (true)
        {
            var state = cluster.State;
            var settled = state.Unreachable.Count == 0 && !state.Members.Any(m => lost.Contains(m.Address));
            var survivors = state.Members.Count(m => m.Status == MemberStatus.Up && m.Roles.Contains(MemberConfig.PartitionRole));
            if (settled && survivors > 0) return survivors;
            try
            {
                await Task.Delay(100, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new RelaxationException(survivors == 0
                    ? "every member hosting partitions is lost; start members and continue with clln train --resume DIR"
                    : $"the cluster did not settle within {_spread.Wait.TotalSeconds:F0} s after losing {string.Join(", ", lost.Select(a => a.ToString()))}");
            }
        }
    }
}

/// <summary>What one member hosts (see <see cref="ClusterTwinNetwork.Members"/>).</summary>
public sealed record MemberShare(string Member, int Partitions, int Nodes, int Edges, long Messages);

/// <summary>A member lost during a run: its address, how many partitions it hosted, the step it was lost at and the checkpoint's step the run went on from.</summary>
public sealed record MemberLoss(string Member, int PartitionsMoved, long AtStep, long ResumedFromStep);
