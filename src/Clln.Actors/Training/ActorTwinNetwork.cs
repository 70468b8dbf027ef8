using Clln.Actors.Wiring;
using Clln.Core.Damage;
using Clln.Core.Elements;
using Clln.Core.Experiments;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Training;

namespace Clln.Actors.Training;

/// <summary>
/// The learning network emulated by actors, as the trainer (the experimenter) drives it. A
/// training step is two relaxation phases and a clock tick: the inputs are applied and both twins
/// settle free; then each output node clamps its own clamped twin at V_F + eta (V_T - V_F) from
/// its own settled free voltage, and the clamped twin settles (the free twin is already silent);
/// then every edge's learning clock ticks and each edge updates itself from its own two drops.
/// The trainer never sees a drop or a gradient: it applies voltages and targets, reads outputs.
/// </summary>
/// <remarks>
/// With a <see cref="TimescaleRatio"/> (continuous learning) a training step is instead one phase
/// of the relaxation dynamics: the clock ticks every node through Euler steps of its relaxation
/// while every edge integrates its update from the drops it sees at each tick, and no phase waits
/// for a certificate (see <see cref="LearningDynamics"/>). That state carries over from sample to
/// sample, as in hardware; reading outputs (inference) relaxes to a certified equilibrium as the
/// experimenter waits to read them, and the dynamics resume from where they were.
/// </remarks>
public sealed class ActorTwinNetwork : ITwinNetwork
{
    private readonly ActorEngine _engine;
    private readonly Network _network;
    private readonly int[] _inputs;
    private readonly int[] _outputs;
    private readonly double _eta;
    private readonly bool _tether; // equilibrium propagation: outputs tied to their targets through eta siemens, not clamped
    private SettledVoltages? _settled; // where the last phase settled (null: none yet); continuous learning: the dynamics' state
    private bool _disturbed;           // continuous learning: a measurement moved the nodes away from the dynamics' state

    public ActorTwinNetwork(Network network, int[] inputs, int[] outputs, ILearningRule rule, double eta, UpdateClock clock, ActorEngineOptions options, Akka.Actor.ActorSystem? system = null)
        : this(new TwinSpec(network, inputs, outputs, EdgeLearning.Plain(rule, clock), eta), options, system)
    {
    }

    /// <summary>On an engine already wired with the rule and clock (a run spread over cluster members, say); disposes of it.</summary>
    public ActorTwinNetwork(ActorEngine engine, int[] inputs, int[] outputs, double eta, Nudge nudge = Nudge.Clamp)
    {
        _tether = Tethered(eta, nudge);
        _engine = engine;
        _network = engine.Network;
        _inputs = inputs;
        _outputs = outputs;
        _eta = eta;
    }

    public ActorTwinNetwork(TwinSpec spec, ActorEngineOptions options, Akka.Actor.ActorSystem? system = null)
    {
        _tether = Tethered(spec.Eta, spec.Nudge);
        _network = spec.Network;
        _inputs = spec.Inputs;
        _outputs = spec.Outputs;
        _eta = spec.Eta;
        _engine = ActorEngine.Start(spec.Network, options, system, new LearningSetup(spec.Learning));
    }

    /// <summary>Whether outputs are tied to their targets (a current nudge) rather than clamped; a nudge the actors cannot make is refused.</summary>
    private static bool Tethered(double eta, Nudge nudge)
    {
        if (!(eta > 0 && eta <= ExperimentSetup.MaxEta)) throw new ArgumentOutOfRangeException(nameof(eta), eta, $"the nudge eta must be in (0, {ExperimentSetup.MaxEta}]");
        if (nudge == Nudge.Exact) throw new ArgumentException("the exact gradient step is a central optimiser: it runs on the reference engine", nameof(nudge));
        return nudge == Nudge.Current;
    }

    /// <summary>
    /// The actor engine for a prepared experiment (its schedule, tolerance, seed and link models,
    /// on <paramref name="system"/> or its own), with the run's damage and output noise.
    /// </summary>
    public static (ITwinNetwork Network, DamagedTwinNetwork? Damage) For(PreparedRun run, bool verbose = false, Akka.Actor.ActorSystem? system = null)
    {
        var options = OptionsFor(run, verbose);
        return run.CreateTwinNetwork(spec => new ActorTwinNetwork(spec, ExperimentLinks.WithStragglers(options, run.Experiment, run.Network, spec.Network), system)
        {
            TimescaleRatio = run.ContinuousTimescale,
        });
    }

    /// <summary>The engine options of a prepared experiment: its schedule, tolerance, seed and link models (stragglers aside).</summary>
    public static ActorEngineOptions OptionsFor(PreparedRun run, bool verbose = false) => ExperimentLinks.Options(run.Experiment) with { Verbose = verbose };

    /// <summary>
    /// Continuous learning: relaxation times per training step (the learning time scale over the
    /// relaxation time scale), as <see cref="ContinuousLearningNetwork"/> takes it; null: quasistatic.
    /// </summary>
    public double? TimescaleRatio
    {
        get;
        init
        {
            if (value is { } r && !(r > 0 && double.IsFinite(r))) throw new ArgumentOutOfRangeException(nameof(value), value, "must be a positive number");
            if (value is not null && _tether) throw new ArgumentException("continuous learning integrates a clamped nudge, not a current one");
            field = value;
        }
    }

    public long Step { get; private set; }

    public long Messages { get; private set; }

    public long UncertifiedPhases { get; private set; }

    public long DroppedMessages { get; private set; }

    public long CrossMemberMessages => _engine.CrossMemberMessages;

    /// <summary>Times the phases so far waited for silence (see <see cref="RelaxationStats.Barriers"/>).</summary>
    public long Barriers { get; private set; }

    public double LargestErrorBound { get; private set; }

    /// <summary>The engine underneath (for statistics and tests).</summary>
    public ActorEngine Engine => _engine;

    public async Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation)
    {
        var held = _network.HeldVoltages(_inputs, inputs);
        var settled = await _engine.RelaxAsync(new PhaseSpec(held, held), cancellation).ConfigureAwait(false);
        Count(settled.Stats);
        if (TimescaleRatio is null) _settled = new SettledVoltages(settled.Free.Voltages, settled.Clamped.Voltages);
        else _disturbed = true;
        return new FreeMeasurement(_outputs.Select(o => settled.Free.Voltages[o]).ToArray(), settled.Free.Power);
    }

    /// <summary>One training step that learns at once.</summary>
    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, CancellationToken cancellation) =>
        TrainStepAsync(inputs, targets, LearnMode.Now, cancellation);

    public async Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation)
    {
        if (mode == LearnMode.ApplyAccumulated) throw new ArgumentException("a step learns now or accumulates; ApplyAccumulatedAsync applies", nameof(mode));
        var free = await MeasureAsync(inputs, cancellation).ConfigureAwait(false);
        var held = _network.HeldVoltages(_inputs, inputs);
        var perNode = Enumerable.Repeat(double.NaN, _network.NodeCount).ToArray();
        for (var o = 0; o < _outputs.Length; o++) perNode[_outputs[o]] = targets[o];
        if (TimescaleRatio is { } ratio)
        {
            await LearnContinuouslyAsync(held, perNode, ratio, mode, cancellation).ConfigureAwait(false);
            return free;
        }
        var clamped = await _engine.RelaxAsync(new PhaseSpec(held, held, Targets: perNode, Eta: _eta, Tether: _tether), cancellation).ConfigureAwait(false);
        Count(clamped.Stats);
        _settled = new SettledVoltages(clamped.Free.Voltages, clamped.Clamped.Voltages);
        await _engine.LearnAsync(Step, mode, cancellation).ConfigureAwait(false);
        Step++;
        return free;
    }

    /// <summary>One training step of continuous learning, from the dynamics' state (restored if a measurement moved it).</summary>
    private async Task LearnContinuouslyAsync(double[] held, double[] targets, double ratio, LearnMode mode, CancellationToken cancellation)
    {
        if (mode != LearnMode.Now) throw new NotSupportedException("continuous learning integrates every update as it goes: it has no batches");
        var state = _settled ?? Initial();
        if (_disturbed || _settled is null) await _engine.ResetAsync(state.Free, state.Clamped, cancellation: cancellation).ConfigureAwait(false);
        _disturbed = false;
        var dynamics = LearningDynamics.For(ratio, Step);
        var moved = await _engine.RelaxAsync(new PhaseSpec(held, held, Targets: targets, Eta: _eta, Dynamics: dynamics), cancellation).ConfigureAwait(false);
        Count(moved.Stats, certifies: false);
        _settled = new SettledVoltages(moved.Free.Voltages, moved.Clamped.Voltages);
        await _engine.CompleteIntegrationAsync(Step, dynamics.Ticks, cancellation).ConfigureAwait(false);
        Step++;
    }

    /// <summary>Each edge applies its batch's mean contrast on the clock tick of the batch's last step (a no-op for an empty batch).</summary>
    public async Task ApplyAccumulatedAsync(CancellationToken cancellation) =>
        await _engine.LearnAsync(Step - 1, LearnMode.ApplyAccumulated, cancellation).ConfigureAwait(false);

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) =>
        Task.FromResult(_engine.Network.Edges.Select(e => e.Element).ToArray());

    /// <summary>
    /// The voltages the last phase settled at; every node and edge then starts afresh from them
    /// (<see cref="ActorEngine.ResetAsync"/>), as a run restored from them does, so the two go on
    /// alike. Warm starts carry over (the voltages); only what the actors told each other is dropped.
    /// </summary>
    public async Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation)
    {
        var settled = _settled ?? Initial();
        await _engine.ResetAsync(settled.Free, settled.Clamped, cancellation: cancellation).ConfigureAwait(false);
        _disturbed = false;
        return new SettledVoltages(settled.Free.ToArray(), settled.Clamped.ToArray());
    }

    /// <summary>Every edge's element, the step and the settled voltages (without them: the voltages the network was wired at).</summary>
    public async Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        var settled = voltages ?? Initial();
        await _engine.ResetAsync(settled.Free, settled.Clamped, elements, cancellation).ConfigureAwait(false);
        _settled = new SettledVoltages(settled.Free.ToArray(), settled.Clamped.ToArray());
        _disturbed = false;
        Step = step;
    }

    /// <summary>What a phase cost, and how sure its answer is (under noise it may not be certified; continuous learning's phases certify nothing).</summary>
    private void Count(RelaxationStats stats, bool certifies = true)
    {
        Messages += stats.Messages;
        Barriers += stats.Barriers;
        DroppedMessages += stats.Dropped;
        if (!certifies) return;
        if (!stats.Certified) UncertifiedPhases++;
        LargestErrorBound = Math.Max(LargestErrorBound, stats.ErrorBound);
    }

    private SettledVoltages Initial() => new(_engine.Board.InitialVoltages.ToArray(), _engine.Board.InitialVoltages.ToArray());

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
