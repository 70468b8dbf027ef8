using Akka.Actor;
using Clln.Actors.Coordination;
using Clln.Actors.Hosting;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Actors.Mechanics;

/// <summary>
/// What one elastic phase holds: <paramref name="Held"/>, positions (x0, y0, x1, ...) of which the
/// held nodes' are read (null: their rest positions), in the free twin;
/// <paramref name="HeldClamped"/> the same in the clamped twin (null: as the free twin);
/// <paramref name="ClampedNodes"/> nodes held in the clamped twin only, at their
/// <paramref name="HeldClamped"/> positions (a clamped output).
/// </summary>
public sealed record SpringPhase(double[]? Held = null, double[]? HeldClamped = null, IReadOnlyCollection<int>? ClampedNodes = null);

/// <summary>What an elastic phase cost and how sure its answer is.</summary>
/// <param name="Messages">Node-spring messages put on links (positions and linearised pulls).</param>
/// <param name="Dropped">Transmissions lost on links; the link layer sent each lost message again.</param>
/// <param name="Updates">Node steps in all.</param>
/// <param name="SweepsOrRounds">Clocked: sweeps (one step per colour); free-running: node steps per movable node.</param>
/// <param name="Checks">Times the network fell silent and was measured before it was certified.</param>
/// <param name="Distance">Metres: the distance to the equilibrium at the worst node, to first order (<see cref="SpringCertificate"/>), the larger twin's.</param>
/// <param name="Threshold">Metres: the send threshold the phase ended with.</param>
/// <param name="WallMs">Wall time of the phase, milliseconds.</param>
/// <param name="Certified">Whether <paramref name="Distance"/> is within the tolerance (false only under noise, which stops the phase at its floor).</param>
public sealed record SpringRelaxationStats(long Messages, long Dropped, long Updates, int SweepsOrRounds, int Checks, double Distance, double Threshold, double WallMs, bool Certified);

/// <summary>An elastic network's positions (x0, y0, x1, ...) at equilibrium in both twins, certified.</summary>
public sealed record SpringTwinEquilibrium(double[] Free, double[] Clamped, SpringRelaxationStats Stats);

/// <summary>
/// An elastic network emulated by actors, one per node and one per spring, on the electrical
/// engine's machinery (quiescence, colouring, links and their faults): each node balances the
/// forces its springs report, linearised where it stands, as an electrical node balances
/// currents. Stays wired between phases; each phase starts where the last one settled.
/// </summary>
/// <remarks>
/// Options are the electrical engine's, read in metres: <see cref="ActorEngineOptions.Tolerance"/>
/// is the certified distance to the equilibrium at every node, and <see cref="ActorEngineOptions.Noise"/>
/// the deviation of every position a spring reads. Link delay, reordering, loss, stragglers and
/// noise apply as to resistors; under noise a phase may end uncertified at the noise floor.
/// One actor system only: elastic networks are not spread over cluster members. Springs learn
/// by a rule applied at once (<see cref="LearnAsync"/>), not by continuous dynamics.
/// </remarks>
public sealed class SpringActorEngine : IAsyncDisposable
{
    private static int _instances;
    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly IActorRef _coordinator;
    private readonly SpringNetwork _network;
    private readonly ActorEngineOptions _options;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private bool _disposed;

    private SpringActorEngine(ActorSystem system, bool ownsSystem, IActorRef coordinator, SpringNetwork network, ActorEngineOptions options)
    {
        (_system, _ownsSystem, _coordinator, _network, _options) = (system, ownsSystem, coordinator, network, options);
        Network = network;
    }

    /// <summary>Wires the network's actors, in <paramref name="system"/> or (null) a system of its own, shut down on dispose.</summary>
    /// <exception cref="ArgumentException">An option out of range.</exception>
    public static SpringActorEngine Start(SpringNetwork network, ActorEngineOptions options, ActorSystem? system = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options.Validate("metres");
        var owns = system is null;
        system ??= ActorSystem.Create("clln-springs", EngineConfig.For(options));
        var props = SpringCoordinator.Props(new SpringBoard(network, options), options);
        if (system.Dispatchers.HasDispatcher(EngineConfig.DispatcherId)) props = props.WithDispatcher(EngineConfig.DispatcherId);
        var coordinator = system.ActorOf(props, $"springs-{Interlocked.Increment(ref _instances)}");
        return new SpringActorEngine(system, owns, coordinator, network, options);
    }

    public ActorEngineOptions Options => _options;

    /// <summary>
    /// Relaxes one phase until every node is certified within the tolerance of its equilibrium.
    /// Bad input (wrong lengths, a non-finite held position, an unknown clamped node) throws
    /// <see cref="InvalidNetworkException"/> before any message is sent; a phase that cannot
    /// settle or certify throws <see cref="RelaxationException"/>; cancellation halts the actors
    /// and throws <see cref="OperationCanceledException"/>. After a failed phase the engine takes no other.
    /// </summary>
    public async Task<SpringTwinEquilibrium> RelaxAsync(SpringPhase? phase = null, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        phase ??= new SpringPhase();
        var request = Request(phase);
        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await HaltingAsk.RunAsync<SpringOutcome>(_coordinator, request, _options.Timeout, cancellation).ConfigureAwait(false);
            return reply switch
            {
                SpringOutcome o => new SpringTwinEquilibrium(o.Free, o.Clamped, o.Stats),
                Failed f => throw new RelaxationException(f.Message),
                _ => throw new RelaxationException($"unexpected answer {reply.GetType().Name}"),
            };
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Every spring applies <paramref name="rule"/> to its own lengths in the last phase's two
    /// twins, as its nodes last told them; returns every spring afterwards (read back from the
    /// actors), which <see cref="Network"/> carries too. The next phase starts from them.
    /// </summary>
    public async Task<IReadOnlyList<Spring>> LearnAsync(SpringRule rule, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(rule);
        await _oneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var reply = await _coordinator.Ask<object>(new LearnSprings(rule), _options.Timeout, cancellation).ConfigureAwait(false);
            if (reply is not SpringsLearned learned) throw new RelaxationException(reply is Failed f ? f.Message : $"unexpected answer {reply.GetType().Name}");
            Network = Network.With(learned.Springs);
            return learned.Springs;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>The network with what its springs have learned so far.</summary>
    public SpringNetwork Network { get; private set; }

    /// <summary>Per node and twin, the held position or NaN, checked.</summary>
    private RelaxSprings Request(SpringPhase phase)
    {
        var n = _network.Nodes.Count;
        var rest = _network.RestPositions();
        var held = phase.Held ?? rest;
        var heldClamped = phase.HeldClamped ?? held;
        if (held.Length != 2 * n || heldClamped.Length != 2 * n)
            throw new InvalidNetworkException($"a phase needs two coordinates per node: {2 * n}, not {held.Length}/{heldClamped.Length}");
        var clamped = new HashSet<int>(phase.ClampedNodes ?? []);
        if (clamped.FirstOrDefault(i => i < 0 || i >= n, -1) is var bad and >= 0)
            throw new InvalidNetworkException($"clamped node {bad} is not a node of the network (0 to {n - 1})");
        var free = new double[2 * n];
        var clampedTwin = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var node = _network.Nodes[i];
            foreach (var (twin, source, holds) in new[] { (free, held, node.Held), (clampedTwin, heldClamped, node.Held || clamped.Contains(i)) })
            {
                (twin[2 * i], twin[2 * i + 1]) = holds ? (source[2 * i], source[2 * i + 1]) : (double.NaN, double.NaN);
                if (holds && !(double.IsFinite(twin[2 * i]) && double.IsFinite(twin[2 * i + 1])))
                    throw new InvalidNetworkException($"node '{node.Name}' is held at a position that is not a finite number");
            }
        }
        return new RelaxSprings(free, clampedTwin);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ownsSystem) await _system.Terminate().ConfigureAwait(false);
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
