using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Hosting;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;
using Clln.Core.Training;

namespace Clln.Actors;

/// <summary>
/// A network emulated by actors, one per node and one per edge, that stays wired between phases:
/// each <see cref="RelaxAsync"/> is a phase that may hold other nodes in each twin, change held
/// voltages and replace elements, and starts from where the last one settled (a warm start).
/// </summary>
/// <example>
/// <code>
/// await using var engine = ActorEngine.Start(network, new ActorEngineOptions { Schedule = Schedule.Async });
/// var settled = await engine.RelaxAsync();                       // the network's own held nodes
/// var again = await engine.RelaxAsync(new PhaseSpec(Elements: updated)); // after learning, warm
/// </code>
/// </example>
public sealed class ActorEngine : IAsyncDisposable
{
    private static int _instances;
    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly IActorRef _coordinator;
    private readonly Network _wiring;
    private readonly ActorEngineOptions _options;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private bool _disposed;

    private ActorEngine(ActorSystem system, bool ownsSystem, IActorRef coordinator, Network network, ActorEngineOptions options, Board board)
    {
        Board = board;
        _system = system;
        _ownsSystem = ownsSystem;
        _coordinator = coordinator;
        _wiring = network;
        Network = network;
        _options = options;
    }

    /// <summary>
    /// Wires the network's actors. With no <paramref name="system"/> the engine makes its own
    /// (configured by <see cref="EngineConfig.For"/>) and shuts it down on dispose; a system
    /// passed in should carry <see cref="EngineConfig.Hocon"/> (serializer and dispatcher).
    /// </summary>
    /// <param name="learning">The edges' rule and clock, for an engine that trains (see <see cref="LearnAsync"/>).</param>
    public static ActorEngine Start(Network network, ActorEngineOptions options, ActorSystem? system = null, LearningSetup? learning = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options.Validate();
        var owns = system is null;
        system ??= ActorSystem.Create("clln", EngineConfig.For(options));
        return Start(system, owns, new Board(network, options) { Learning = learning, ReadyFlags = new bool[network.NodeCount] }, options);
    }

    /// <summary>
    /// Starts the coordinator on a board built by the caller: on one member the coordinator then
    /// spawns every actor; for a run spread over members (<see cref="Board.Reports"/> set) the
    /// partition hosts have spawned them and the caller fills the board's references.
    /// </summary>
    internal static ActorEngine Start(ActorSystem system, bool ownsSystem, Board board, ActorEngineOptions options)
    {
        var props = Coordination.Coordinator.Props(board, options);
        // The engine's own dispatcher when the system has it (see EngineConfig.DispatcherHocon).
        if (system.Dispatchers.HasDispatcher(EngineConfig.DispatcherId)) props = props.WithDispatcher(EngineConfig.DispatcherId);
        var coordinator = system.ActorOf(props, $"relaxation-{Interlocked.Increment(ref _instances)}");
        return new ActorEngine(system, ownsSystem, coordinator, board.Network, options, board);
    }

    /// <summary>The coordinator actor (the run's address for partition hosts).</summary>
    internal IActorRef Coordinator => _coordinator;

    /// <summary>Runs on dispose before the coordinator stops: a cluster run releases its partition hosts.</summary>
    internal Func<Task>? Release { get; set; }

    /// <summary>Node-edge messages whose link crossed members, over the engine's life (0 on one member).</summary>
    public long CrossMemberMessages => Board.Quiescence.CrossMember;

    /// <summary>The member's wiring and counters (for specs).</summary>
    internal Board Board { get; }

    /// <summary>
    /// Specs only, between phases: puts <paramref name="message"/> in edge <paramref name="edge"/>'s
    /// mailbox as if it came off a link (counted, so the quiescence count stays exact).
    /// </summary>
    internal void InjectIntoEdge(int edge, object message)
    {
        Board.Quiescence.Launch(1);
        Board.Edges[edge].Tell(message);
    }

    /// <summary>The network with the elements of the last phase.</summary>
    public Network Network { get; private set; }

    public ActorEngineOptions Options => _options;

    /// <summary>
    /// Relaxes one phase until the certificate holds: every node within the tolerance of the exact
    /// equilibrium of its twin. Bad input (wrong lengths, a floating component) throws
    /// <see cref="InvalidNetworkException"/> before any message is sent; a phase that cannot settle
    /// throws <see cref="RelaxationException"/>; cancellation halts the actors and throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<TwinEquilibrium> RelaxAsync(PhaseSpec? phase = null, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        phase ??= new PhaseSpec();
        var n = _wiring.NodeCount;
        var holdFree = phase.HoldFree ?? _wiring.HeldVoltages();
        var holdClamped = phase.HoldClamped ?? holdFree;
        if (holdFree.Length != n || holdClamped.Length != n || (phase.Start is not null && phase.Start.Length != n))
            throw new InvalidNetworkException($"a phase needs one held voltage (or NaN) per node: {n}, not {holdFree.Length}/{holdClamped.Length}");
        if (phase.Targets is not null && phase.Targets.Length != n)
            throw new InvalidNetworkException($"a phase needs one target (or NaN) per node: {n}, not {phase.Targets.Length}");
        if (phase.Targets is not null && !(phase.Eta > 0 && phase.Eta <= Core.Experiments.ExperimentSetup.MaxEta))
            throw new InvalidNetworkException($"the nudge eta must lie in (0, {Core.Experiments.ExperimentSetup.MaxEta}], not {phase.Eta}");
        if (phase.Dynamics is { } d && !(d.Ticks > 0 && d.Damping > 0 && d.Damping <= 1 && phase.Elements is null && !phase.Tether))
            throw new InvalidNetworkException($"continuous learning needs ticks above 0, a damping in (0, 1], the present elements and a clamp, not {d}");
        if (phase.Elements is not null && phase.Elements.Count != _wiring.EdgeCount)
            throw new InvalidNetworkException($"a phase needs one element per edge: {_wiring.EdgeCount}, not {phase.Elements.Count}");
        HeldComponents.EnsureNoneFloats(_wiring, holdFree, "free");
        HeldComponents.EnsureNoneFloats(_wiring, holdClamped, "clamped");
        if (phase.Targets is not null && !phase.Tether)
        {
            holdClamped = holdClamped.ToArray();
            for (var i = 0; i < n; i++)
                if (!double.IsNaN(phase.Targets[i])) holdClamped[i] = phase.Targets[i]; // held; the node sets the value
        }
        var elements = phase.Elements?.Select(ElementWire.From).ToArray();

        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await HaltingAsk.RunAsync<PhaseOutcome>(_coordinator, new RunPhase(holdFree.ToArray(), holdClamped.ToArray(), elements, phase.Start?.ToArray(), phase.Targets?.ToArray(), phase.Eta, phase.Tether,
                phase.Dynamics?.Ticks ?? 0, phase.Dynamics?.Damping ?? 0, phase.Dynamics?.Step ?? 0), _options.Timeout, cancellation).ConfigureAwait(false);
            if (reply is not PhaseOutcome o) throw Failure(reply);
            if (phase.Elements is not null) Network = _wiring.WithElements(phase.Elements);
            var stats = new RelaxationStats(o.Messages, o.ControlMessages, o.Sweeps, o.WallMs, o.Dropped, o.Checks, o.ErrorBound, o.Certified, o.Threshold, o.Updates, o.ViewError, o.Barriers);
            return new TwinEquilibrium(Equilibrium.FromVoltages(Network, o.Free), Equilibrium.FromVoltages(Network, o.Clamped), stats);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// One tick of the learning clock (step <paramref name="step"/>): every edge whose own clock
    /// fires updates its element from its own drops in the last phase. Returns every edge's
    /// element afterwards, as read back from the edges; <see cref="Network"/> carries them too.
    /// </summary>
    public async Task<IReadOnlyList<IEdgeElement>> LearnAsync(long step, CancellationToken cancellation = default) => await LearnAsync(step, LearnMode.Now, cancellation).ConfigureAwait(false);

    /// <summary>A tick of the learning clock that learns now, adds the last phase's contrasts to each edge's batch, or applies the batch (<paramref name="mode"/>).</summary>
    public async Task<IReadOnlyList<IEdgeElement>> LearnAsync(long step, LearnMode mode, CancellationToken cancellation = default) =>
        await LearnAsync(new LearnStep(step, mode), cancellation).ConfigureAwait(false);

    /// <summary>
    /// Continuous learning: every edge completes the integration of its update over the
    /// <paramref name="ticks"/> ticks of the phase that just ran (<see cref="LearningDynamics"/>)
    /// and reports its element.
    /// </summary>
    public async Task<IReadOnlyList<IEdgeElement>> CompleteIntegrationAsync(long step, int ticks, CancellationToken cancellation = default) =>
        await LearnAsync(new LearnStep(step, LearnMode.Now, ticks), cancellation).ConfigureAwait(false);

    private async Task<IReadOnlyList<IEdgeElement>> LearnAsync(LearnStep request, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await _coordinator.Ask<object>(request, _options.Timeout, cancellation).ConfigureAwait(false);
            if (reply is not LearnOutcome o) throw Failure(reply);
            var elements = o.Elements.Select(e => e.ToElement()).ToArray();
            Network = _wiring.WithElements(elements);
            return elements;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Starts every node and edge afresh from <paramref name="free"/> and <paramref name="clamped"/>
    /// (per node, the voltages each twin settled at) and <paramref name="elements"/> (null: keep):
    /// afterwards the engine's state depends on these alone, so taking a checkpoint this way and
    /// restoring it this way continue alike, bit for bit in the clocked schedule.
    /// </summary>
    public async Task ResetAsync(double[] free, double[] clamped, IReadOnlyList<IEdgeElement>? elements = null, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await _coordinator.Ask<object>(new ResetState(free.ToArray(), clamped.ToArray(), elements?.Select(ElementWire.From).ToArray()), _options.Timeout, cancellation).ConfigureAwait(false);
            if (reply is not ResetDone) throw Failure(reply);
            if (elements is not null) Network = _wiring.WithElements(elements);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Asks one node's actor for its voltages. An unknown name fails at once with a one-line <see cref="InvalidNetworkException"/>.</summary>
    public async Task<NodeVoltages> MeasureAsync(string nodeName, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await _coordinator.Ask<object>(new MeasureNode(nodeName), TimeSpan.FromSeconds(30), cancellation).ConfigureAwait(false);
            return reply is NodeMeasurement m ? new NodeVoltages(m.Name, m.Free, m.Clamped) : throw Failure(reply);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private static Exception Failure(object reply) => reply switch
    {
        Failed { BadInput: true } f => new InvalidNetworkException(f.Message),
        Failed f => new RelaxationException(f.Message),
        _ => new RelaxationException($"unexpected answer {reply.GetType().Name}"),
    };

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (Release is { } release) await release().ConfigureAwait(false);
        if (_ownsSystem)
        {
            // Let the logger write what is queued (the last phase's events) before shutting down:
            // an Identify is answered only after the messages ahead of it in its mailbox.
            try
            {
                await _system.ActorSelection("/system/log*").ResolveOne(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            }
            catch (ActorNotFoundException)
            {
                // No logger actor: nothing to wait for.
            }
            await _system.Terminate().ConfigureAwait(false);
        }
        else
        {
            try
            {
                await _coordinator.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                // The system is shutting down already.
            }
        }
        _oneAtATime.Dispose();
    }
}
