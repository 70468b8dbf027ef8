using Clln.Core.Elements;
using Clln.Core.Training;

namespace Clln.Core.Damage;

/// <summary>
/// A learning network that damage can strike: until then it is the intact network; when struck,
/// the engine is rebuilt on what remains (<see cref="DamagedNetwork"/>) with the edges as they
/// were, and keeps the step. The experimenter still sees the intact network's inputs, outputs and
/// edges: an output left floating reads NaN (the trainer counts the sample wrong), a removed
/// edge keeps the value it had when it was cut.
/// </summary>
public sealed class DamagedTwinNetwork : ITwinNetwork
{
    private readonly TwinSpec _intact;
    private readonly Func<TwinSpec, ITwinNetwork> _engine;
    private readonly IEdgeElement[] _elements;
    private ITwinNetwork _inner;
    private int[] _outputs; // positions (task order) of the outputs that are measured
    private long _messagesBefore, _uncertifiedBefore, _droppedBefore, _crossBefore; // counted by the engines the damage replaced
    private double _largestBefore;

    /// <param name="engine">Builds an engine for a network (the intact one, then the damaged one).</param>
    public DamagedTwinNetwork(TwinSpec intact, DamagePlan plan, Func<TwinSpec, ITwinNetwork> engine)
    {
        _intact = intact;
        Plan = plan;
        _engine = engine;
        _elements = intact.Network.Edges.Select(e => e.Element).ToArray();
        _inner = engine(intact);
        _outputs = Enumerable.Range(0, intact.Outputs.Length).ToArray();
    }

    public DamagePlan Plan { get; }

    /// <summary>What remains once struck, else null.</summary>
    public DamagedNetwork? Damage { get; private set; }

    public long Step => _inner.Step;

    public long Messages => _messagesBefore + _inner.Messages;

    public long DroppedMessages => _droppedBefore + _inner.DroppedMessages;

    public long CrossMemberMessages => _crossBefore + _inner.CrossMemberMessages;

    public long UncertifiedPhases => _uncertifiedBefore + _inner.UncertifiedPhases;

    public double LargestErrorBound => Math.Max(_largestBefore, _inner.LargestErrorBound);

    /// <summary>The damage strikes now: the engine is rebuilt on what remains, at the present step and elements.</summary>
    public async Task StrikeAsync(CancellationToken cancellation)
    {
        if (Damage is not null) throw new InvalidOperationException("the damage has struck already");
        var step = _inner.Step;
        var present = await ReadElementsAsync(cancellation).ConfigureAwait(false);
        present.CopyTo(_elements, 0);
        (_messagesBefore, _uncertifiedBefore, _largestBefore, _droppedBefore, _crossBefore) = (Messages, UncertifiedPhases, LargestErrorBound, DroppedMessages, CrossMemberMessages);
        await _inner.DisposeAsync().ConfigureAwait(false);
        var damage = Damage = DamagedNetwork.Apply(_intact.Network, Plan, _elements, _intact.Learning.Rule);
        _outputs = Enumerable.Range(0, _intact.Outputs.Length).Where(o => damage.NodeOf[_intact.Outputs[o]] >= 0).ToArray();
        _inner = _engine(new TwinSpec(damage.Network, _intact.Inputs.Select(i => damage.NodeOf[i]).ToArray(),
            _outputs.Select(o => damage.NodeOf[_intact.Outputs[o]]).ToArray(), _intact.Learning.For(damage.EdgeOrigin, damage.Frozen), _intact.Eta, _intact.Nudge));
        await _inner.RestoreAsync(damage.Network.Edges.Select(e => e.Element).ToArray(), step, null, cancellation).ConfigureAwait(false);
    }

    public async Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) =>
        Expand(await _inner.MeasureAsync(inputs, cancellation).ConfigureAwait(false));

    public async Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation) =>
        Expand(await _inner.TrainStepAsync(inputs, _outputs.Select(o => targets[o]).ToArray(), mode, cancellation).ConfigureAwait(false));

    public Task ApplyAccumulatedAsync(CancellationToken cancellation) => _inner.ApplyAccumulatedAsync(cancellation);

    /// <summary>Every intact edge's element: what the hardware has now, and for a removed edge what it had when removed.</summary>
    public async Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation)
    {
        var present = await _inner.ReadElementsAsync(cancellation).ConfigureAwait(false);
        var all = _elements.ToArray();
        for (var j = 0; j < present.Length; j++) all[Damage?.EdgeOrigin[j] ?? j] = present[j];
        return all;
    }

    public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => _inner.CheckpointVoltagesAsync(cancellation);

    /// <summary>
    /// Sets every intact edge's element (shorts are re-applied if struck) and the step; the
    /// voltages go to the engine when they are of the network it emulates now (intact or damaged).
    /// </summary>
    public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        elements.CopyTo(_elements, 0);
        if (Damage is not null) Damage = DamagedNetwork.Apply(_intact.Network, Plan, _elements, _intact.Learning.Rule);
        var nodes = (Damage?.Network ?? _intact.Network).NodeCount;
        if (voltages is not null && voltages.Free.Length != nodes) voltages = null;
        return _inner.RestoreAsync(Damage is null ? elements : Damage.Network.Edges.Select(e => e.Element).ToArray(), step, voltages, cancellation);
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private FreeMeasurement Expand(FreeMeasurement measured)
    {
        if (_outputs.Length == _intact.Outputs.Length) return measured;
        var outputs = Enumerable.Repeat(double.NaN, _intact.Outputs.Length).ToArray();
        for (var k = 0; k < _outputs.Length; k++) outputs[_outputs[k]] = measured.Outputs[k];
        return measured with { Outputs = outputs };
    }
}
