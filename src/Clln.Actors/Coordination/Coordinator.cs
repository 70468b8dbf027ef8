using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Clln.Actors.Edges;
using Clln.Actors.Hosting;
using Clln.Actors.Members;
using Clln.Actors.Nodes;
using Clln.Actors.Serialization;
using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Actors.Coordination;

/// <summary>
/// The experimenter: wires the node and edge actors, sets up each phase (held voltages per twin,
/// new elements), drives the clock in the clocked schedule, and on silence reads every node with
/// its voltmeter and decides whether the network has settled: the answer is certified within the
/// tolerance of Kirchhoff's equilibrium (see <see cref="Certificate"/>), or relaxation resumes
/// with a lower threshold (or a refresh, when links lose messages). It never computes a voltage
/// for a node; it only measures.
/// </summary>
internal sealed class Coordinator : UntypedActor, IWithTimers
{
    private readonly Board _board;
    private readonly ActorEngineOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReadyNodes _ready;
    private readonly int[][] _nodesByColour;
    private IEdgeElement[] _elements;
    private Network _network;
    private Network _clampedNetwork; // the clamped twin's copies of the edges: _network unless twin-mismatched
    private double[] _free, _clamped;
    private readonly ViewCheck _views;
    private int _phase;
    private bool _needsRefresh;
    private string? _broken;
    private PhaseRun? _run;
    private MeasureRequest? _measure;
    private LearnRequest? _learn;
    private IActorRef? _reset;
    private int _owed; // reports read (readiness, readings, learned) not yet retired from the quiescence count

    public Coordinator(Board board, ActorEngineOptions options)
    {
        _board = board;
        _options = options;
        _network = board.Network;
        _clampedNetwork = ClampedCopy(_network);
        _elements = board.Network.Edges.Select(e => e.Element).ToArray();
        _free = board.InitialVoltages.ToArray();
        _clamped = board.InitialVoltages.ToArray();
        _views = new ViewCheck(board.From, board.To, board.Network.NodeCount);
        _ready = new ReadyNodes(board.Colour, board.ColourCount);
        _nodesByColour = Enumerable.Range(0, board.ColourCount)
            .Select(c => Enumerable.Range(0, board.Network.NodeCount).Where(i => board.Colour[i] == c).ToArray()).ToArray();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Board board, ActorEngineOptions options) =>
        Akka.Actor.Props.Create(() => new Coordinator(board, options));

    protected override void PreStart()
    {
        _board.Coordinator = Self;
        _board.Quiescence.Attach(Self);
        // In a cluster the partition hosts have spawned the actors already.
        if (_board.Reports is null) _board.Spawn(Context, Enumerable.Range(0, _board.Nodes.Length), Enumerable.Range(0, _board.Edges.Length));
        _log.Info("Wired {Nodes} node actors and {Edges} edge actors, {Colours} colours, {Schedule} schedule",
            _board.Nodes.Length, _board.Edges.Length, _board.ColourCount, _options.Schedule);
    }

    protected override void PostStop() => _board.Settings.DelayLine?.Dispose();

    /// <summary>A node or edge that throws has lost its state: stop it, and fail the engine for good.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(e =>
    {
        _broken ??= $"an actor failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}";
        _board.Settings.Halted = true;
        if (_run is not null)
        {
            _run.Client.Tell(new Failed(_broken, BadInput: false));
            _run = null;
        }
        _log.Error(e, "Engine broken: {Reason}", _broken);
        return Directive.Stop;
    }));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Quiet when _board.Reports is { } reports:
                if (reports.Silent()) OnQuiet();
                break;
            case Quiet: OnQuiet(); break;
            case PartitionReport m:
                _board.Reports?.Take(m);
                if (_board.Reports?.Silent() == true) OnQuiet();
                break;
            case RoutedBatch m: OnBatch(m); break;
            case FlushLane m: _board.Outbox?.Flush(m.Channel); break;
            case BatchTaken m: _board.Outbox?.Taken(m.By); break;
            case Ready m: OnReady(m); break;
            case NodeReading m: OnReading(m); break;
            case EdgeReading m: OnEdgeReading(m); break;
            case Diverged m: OnDiverged(m); break;
            case StepsStopped m: OnStepsStopped(m); break;
            case RunPhase m: OnRunPhase(m); break;
            case MeasureNode m: OnMeasure(m); break;
            case LearnStep m: OnLearnStep(m); break;
            case Learned m: OnLearned(m); break;
            case ResetState m: OnReset(m); break;
            case Halt m: OnHalt(m); break;
            case PartitionLost m: OnPartitionLost(m); break;
            case ProgressCheck: OnProgressCheck(); break;
            default: Unhandled(message); break;
        }
        // The reports of one wake-up are retired together, in one atomic add, when the mailbox runs dry.
        if (_owed > 0 && MailboxState.RunsDry(Context))
        {
            _board.Quiescence.Settle(0, _owed);
            _owed = 0;
        }
    }

    /// <summary>Reports from nodes and edges on other partitions: each counted in here, then handled as if local; the batch acknowledged.</summary>
    private void OnBatch(RoutedBatch m)
    {
        var sender = Sender;
        foreach (var item in m.Items)
        {
            _board.Quiescence.Arrive(m.From);
            OnReceive(item.Payload);
        }
        if (m.Ack) sender.Tell(new BatchTaken(_board.Reports!.CoordinatorChannel));
    }

    // ---- Phase set-up -------------------------------------------------------------------

    private void OnRunPhase(RunPhase m)
    {
        if (Busy)
        {
            Sender.Tell(new Failed(_broken ?? "a phase or measurement is already running", BadInput: false));
            return;
        }
        var n = _board.Nodes.Length;
        if (m.HoldFree.Length != n || m.HoldClamped.Length != n || (m.Start is not null && m.Start.Length != n) || (m.Elements is not null && m.Elements.Length != _elements.Length)
            || (m.Targets is not null && m.Targets.Length != n))
        {
            Sender.Tell(new Failed($"a phase needs one value per node ({n}) and one element per edge ({_elements.Length})", BadInput: true));
            return;
        }
        var changedElements = new ElementWire?[_elements.Length];
        if (m.Elements is not null)
        {
            for (var j = 0; j < _elements.Length; j++)
            {
                var element = m.Elements[j].ToElement();
                if (!element.Equals(_elements[j])) (changedElements[j], _elements[j]) = (m.Elements[j], element);
            }
            AdoptElements();
        }
        _phase++;
        var refresh = _needsRefresh;
        _needsRefresh = false;
        // An output that clamps itself is held in the clamped twin; its voltage is read when probed.
        // One tied to its target (a current nudge) stays free there, and the tie is certified with the network.
        var holdClamped = m.HoldClamped.ToArray();
        if (m.Targets is not null && !m.Tether)
            for (var i = 0; i < n; i++)
                if (!double.IsNaN(m.Targets[i])) holdClamped[i] = m.Targets[i];
        var run = _run = new PhaseRun(Sender, _phase, m.HoldFree, holdClamped, _board.Quiescence) { Ticks = m.Ticks };
        if (m.Ticks > 0)
        {
            StartDynamics(run, m, refresh);
            return;
        }
        if (m.Targets is not null && m.Tether) run.Tethers = Tethers.Of(_clampedNetwork, m.Targets, m.Eta, holdClamped);
        if (m.Start is not null)
            for (var i = 0; i < n; i++)
                if (!double.IsNaN(m.Start[i])) _free[i] = _clamped[i] = m.Start[i];
        Hold(_free, run.HoldFree);
        Hold(_clamped, run.HoldClamped);
        run.CertifyFree = Certificate.For(_network, run.HeldFree, _free);
        run.CertifyClamped = run.HeldFree.AsSpan().SequenceEqual(run.HeldClamped) && _network.IsLinear && _clampedNetwork == _network && run.Tethers is null
            ? run.CertifyFree
            : CertifyClamped(run);
        var amplification = Math.Max(run.CertifyFree.Amplification, run.CertifyClamped.Amplification);
        // At silence a node sits at the local solution of what its edges last told it, and each
        // neighbour is less than a threshold from what it last sent and that less than a threshold
        // from what the edge passed on: its true local correction is under two thresholds (for
        // resistors at omega 1; to first order otherwise). The error is then under two thresholds
        // times the amplification, so this threshold certifies at the first silence. A tighter one
        // only buys accuracy nobody asked for, at about 5 % more messages per halving.
        var threshold = double.IsFinite(amplification) && amplification > 0 ? _options.Tolerance / (2 * amplification) : _options.Tolerance * 1e-3;
        run.ThresholdFloor = Math.Max(NoiseFloor, RoundingFloor * VoltageScale(run.HoldFree, run.HoldClamped, m.Targets));
        _board.Settings.Threshold = Math.Max(threshold, run.ThresholdFloor);
        _board.Settings.Omega = _options.Omega;
        // Over-relaxed sweeps grow like the square root of the amplification (the condition number).
        run.OverRelaxationSweeps = (int)Math.Min(int.MaxValue / 2, 1000 + 20 * Math.Sqrt(double.IsFinite(amplification) ? amplification : 1e12));
        _log.Info("Phase {Phase} started: {Schedule} schedule, amplification {Amplification:G4}, threshold {Threshold:G3} V",
            _phase, _options.Schedule, amplification, _board.Settings.Threshold);

        _ready.Clear();
        if (_board.ReadyFlags is { } flags) Array.Clear(flags);
        run.Stage = Stage.Relaxing;
        SetUp(run, m, m.Start, changedElements, refresh);
        if (!_board.Settings.Clocked)
            Timers.StartSingleTimer("progress", new ProgressCheck(_phase), TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Which of an edge's terminals are held in both twins (bit 0: From, bit 1: To): those need no news.</summary>
    private byte HeldEnds(PhaseRun run, int edge)
    {
        var (a, b) = (_board.From[edge], _board.To[edge]);
        return (byte)((run.HeldFree[a] && run.HeldClamped[a] ? 1 : 0) | (run.HeldFree[b] && run.HeldClamped[b] ? 2 : 0));
    }

    /// <summary>
    /// Continuous learning: no threshold (every move is news, since the edges learn from it) and
    /// no certificate; the set-up hands out the holds and the learning step, then
    /// <see cref="NextDynamicsTick"/> ticks the clock at every barrier.
    /// </summary>
    private void StartDynamics(PhaseRun run, RunPhase m, bool refresh)
    {
        var n = _board.Nodes.Length;
        _board.Settings.Threshold = 0;
        _log.Info("Phase {Phase} started: continuous learning, {Ticks} ticks at damping {Damping:G4}", _phase, m.Ticks, m.Damping);
        run.Ticking = Enumerable.Range(0, n).Where(i => !(run.HeldFree[i] && run.HeldClamped[i])).ToArray();
        run.Stage = Stage.Ticking;
        SetUp(run, m, start: null, changedElements: null, refresh);
    }

    /// <summary>
    /// The phase's set-up, one message to every node and edge: each node's holds, target, fresh
    /// start (from <paramref name="start"/>; null: none) and continuous learning's damping; each
    /// edge its new element (from <paramref name="changedElements"/>; null: none), which of its
    /// terminals need no news, and continuous learning's part of the step.
    /// </summary>
    private void SetUp(PhaseRun run, RunPhase m, double[]? start, ElementWire?[]? changedElements, bool refresh)
    {
        var n = _board.Nodes.Length;
        _board.Quiescence.Launch(n + _elements.Length);
        _board.Quiescence.CountControl(n + _elements.Length);
        for (var i = 0; i < n; i++)
        {
            var from = start is null ? double.NaN : start[i];
            var target = m.Targets is null ? double.NaN : m.Targets[i];
            _board.Nodes[i].Tell(new NodePhase(_phase, run.HoldFree[i], run.HoldClamped[i], from, from, refresh, target, m.Eta, m.Tether, m.Damping));
        }
        var dt = m.Ticks > 0 ? 1.0 / m.Ticks : 0;
        for (var j = 0; j < _elements.Length; j++)
            _board.Edges[j].Tell(new EdgePhase(_phase, changedElements?[j], HeldEnds(run, j), dt, m.Step));
    }

    /// <summary>Ticks the clock once more for every node that moves, or reads the state once the last tick is done.</summary>
    private void NextDynamicsTick(PhaseRun run)
    {
        if (run.Sweeps == run.Ticks)
        {
            StartProbe(run);
            return;
        }
        run.Sweeps++;
        var nodes = run.Ticking!;
        _board.Quiescence.Launch(nodes.Length);
        _board.Quiescence.CountControl(nodes.Length);
        var tick = new Tick(run.Phase, run.Sweeps, TickKind.Integrate);
        foreach (var i in nodes) _board.Nodes[i].Tell(tick);
    }

    /// <summary>
    /// The network the clamped twin is certified on, with its voltages: the clamped copy, and with
    /// a current nudge each output's tie to a held node at its target after it.
    /// </summary>
    private (Network Network, double[] Voltages) ClampedCheck(PhaseRun run) =>
        run.Tethers is { } tethers ? (tethers.Network, [.. _clamped, .. tethers.TargetVoltages]) : (_clampedNetwork, _clamped);

    private Certificate CertifyClamped(PhaseRun run)
    {
        var (network, voltages) = ClampedCheck(run);
        return Certificate.For(network, run.Tethers?.Held ?? run.HeldClamped, voltages);
    }

    /// <summary>
    /// A current nudge's ties for one phase (the clamped network does not change while a phase
    /// runs): the clamped network with each output tied to a held node, those nodes' voltages
    /// (the targets), and which nodes of it are held.
    /// </summary>
    private sealed record Tethers(Network Network, double[] TargetVoltages, bool[] Held)
    {
        public static Tethers Of(Network clamped, double[] targets, double beta, double[] holdClamped)
        {
            var outputs = Enumerable.Range(0, targets.Length).Where(i => !double.IsNaN(targets[i])).ToArray();
            return new Tethers(Core.Training.TetheredOutputs.Build(clamped, outputs, beta), outputs.Select(o => targets[o]).ToArray(),
                [.. holdClamped.Select(v => !double.IsNaN(v)), .. outputs.Select(_ => true)]);
        }
    }

    private static void Hold(double[] voltages, double[] hold)
    {
        for (var i = 0; i < hold.Length; i++)
            if (!double.IsNaN(hold[i])) voltages[i] = hold[i];
    }

    /// <summary>With noisy measurements no threshold below a few sigma can fall silent.</summary>
    private double NoiseFloor => 4 * _options.Noise;

    /// <summary>
    /// Per volt of the largest held voltage: no threshold goes below this. A node's local solve
    /// sums a term per edge and rounds each; below a few dozen units in the last place its
    /// voltage can flip between neighbouring doubles forever, and a threshold that small would
    /// keep the network talking (a tolerance of 1e-17 V chattered for a million sweeps).
    /// </summary>
    private const double RoundingFloor = 64 * DoublePrecision.MachineEpsilon;

    /// <summary>The largest magnitude among held voltages and targets (1 V when all are zero).</summary>
    private static double VoltageScale(params double[]?[] voltages)
    {
        var scale = 0.0;
        foreach (var list in voltages)
            if (list is not null)
                foreach (var v in list)
                    if (double.IsFinite(v)) scale = Math.Max(scale, Math.Abs(v));
        return scale > 0 ? scale : 1.0;
    }

    // ---- Clock --------------------------------------------------------------------------

    private void OnReady(Ready m)
    {
        if (_run is not null && m.Phase == _run.Phase) _ready.Add(m.Node);
        _owed++;
    }

    /// <summary>One process: the nodes that raised their readiness flag during the last step, in node order.</summary>
    private void CollectReadyFlags()
    {
        if (_board.ReadyFlags is not { } flags) return;
        for (int from = 0, found; (found = flags.AsSpan(from).IndexOf(true)) >= 0; from += found + 1)
        {
            flags[from + found] = false;
            _ready.Add(from + found);
        }
    }

    /// <summary>The barrier: every message of the last step has been handled.</summary>
    private void OnQuiet()
    {
        if (_learn is { } learn && _run is null)
        {
            _learn = null;
            AdoptElements();
            learn.Client.Tell(new LearnOutcome(_elements.Select(ElementWire.From).ToArray(), learn.Changed));
            return;
        }
        if (_reset is { } reset && _run is null)
        {
            _reset = null;
            reset.Tell(ResetDone.Instance);
            return;
        }
        if (_measure is { } measure && _run is null)
        {
            _measure = null;
            measure.Client.Tell(new NodeMeasurement(measure.Name, _free[measure.Node], _clamped[measure.Node]));
            return;
        }
        var run = _run;
        if (run is null) return;
        run.Barriers++;
        if (run.Stepping) AdoptRound(run);
        if (run.Diverged is { } node) Halt(run, DivergedAt(node, $" in sweep {run.Sweeps}"));
        if (_board.Settings.Halted)
        {
            Finish(run, new Failed(run.Failure ?? "halted", BadInput: false));
            return;
        }
        switch (run.Stage)
        {
            case Stage.Ticking:
                NextDynamicsTick(run);
                return;
            case Stage.Relaxing when _board.Settings.Clocked && (PartitionsStep ? StepRound(run, forced: null) : NextColourStep(run)):
                return;
            case Stage.Relaxing:
                StartProbe(run);
                return;
            case Stage.Probing when run.Ticks > 0:
                Finish(run, Outcome(run, certified: false)); // continuous learning: the state as it is, not an equilibrium
                return;
            case Stage.Probing:
                Evaluate(run);
                return;
        }
    }

    /// <summary>
    /// Ticks the next colour that has work: the nodes of that colour with news, or all of them in
    /// a forced sweep. Returns false when no colour has work: the relaxation is silent.
    /// </summary>
    private bool NextColourStep(PhaseRun run)
    {
        CollectReadyFlags();
        var colours = _board.ColourCount;
        for (var k = 1; k <= colours; k++)
        {
            var c = (run.Colour + k + colours) % colours; // from -1 this is 0, 1, ...
            var forced = run.Forced is not null && run.Forced[c];
            if (!forced && !_ready.Any(c)) continue;
            if (run.Colour < 0 || c <= run.Colour)
            {
                run.Sweeps++;
                if (run.Sweeps > run.OverRelaxationSweeps && _board.Settings.Omega != 1.0)
                {
                    // A safety net: over-relaxation chattering at the threshold never falls silent.
                    _log.Warning("Phase {Phase}: still moving after {Sweeps} over-relaxed sweeps; going on with omega 1", run.Phase, run.Sweeps);
                    _board.Settings.Omega = 1.0;
                }
                if (run.Sweeps > _options.MaxSweeps)
                {
                    Halt(run, $"no equilibrium within {_options.MaxSweeps} sweeps");
                    _board.Quiescence.Launch(0);
                    return true;
                }
            }
            run.Colour = c;
            var ready = _ready.Take(c);
            TickKind kind;
            int[] nodes;
            if (forced)
            {
                run.Forced![c] = false;
                (nodes, kind) = (_nodesByColour[c], run.ForceKind);
            }
            else (nodes, kind) = (ready, TickKind.Relax);
            _board.Quiescence.Launch(nodes.Length);
            _board.Quiescence.CountControl(nodes.Length);
            var tick = new Tick(run.Phase, run.Sweeps, kind);
            foreach (var i in nodes) _board.Nodes[i].Tell(tick);
            return true;
        }
        return false;
    }

    // ---- Clocked steps among the partitions (see PartitionClock) ---------------------------------

    /// <summary>Whether this run's partitions step the clocked schedule among themselves.</summary>
    private bool PartitionsStep => _board.Reports?.PartitionsStep == true;

    /// <summary>
    /// Starts a round of colour steps on every partition, from where the last round left off
    /// (<paramref name="forced"/>: a first sweep that ticks every node with that kind, after a
    /// check). Returns false, starting nothing, when a round has just fallen silent.
    /// </summary>
    private bool StepRound(PhaseRun run, TickKind? forced)
    {
        if (run.RoundOver)
        {
            run.RoundOver = false;
            return false;
        }
        var partitions = _board.Reports!.Hosts.Length;
        run.Rounds++;
        run.Stepping = true;
        _board.Quiescence.Launch(partitions);
        _board.Quiescence.CountControl(partitions);
        var start = new StepFrom(run.Phase, run.Rounds, run.Sweeps, run.Colour, forced is not null, forced ?? TickKind.Relax, run.OverRelaxationSweeps, _options.MaxSweeps);
        for (var p = 0; p < partitions; p++) _board.Outbox!.Put(p, Recipient.Host, 0, start);
        return true;
    }

    private void OnStepsStopped(StepsStopped m)
    {
        if (_run is { Stepping: true } run && m.Phase == run.Phase) run.Stops.Add(m);
        _owed++;
    }

    /// <summary>
    /// A round fell silent: counts its sweeps and colour as one process would have (to its last
    /// step that ticked a node, or the step a node diverged in), and takes over the partitions'
    /// divergence, sweep limit and over-relaxation safety net.
    /// </summary>
    private void AdoptRound(PhaseRun run)
    {
        (run.Stepping, run.RoundOver) = (false, true);
        var stops = run.Stops.ToArray();
        run.Stops.Clear();
        if (stops.Length == 0) return;
        var count = new StepCount(_board.ColourCount, run.Sweeps, run.Colour);
        var worked = stops.Max(s => s.LatestWork);
        if (worked >= 0 && count.Sweep(worked) > run.OverRelaxationSweeps) _board.Reports!.Republish(); // a host may have set omega 1
        var diverged = stops.Where(s => s.DivergedNode >= 0).MinBy(s => (s.DivergedStep, s.DivergedNode));
        var last = diverged?.DivergedStep ?? worked;
        if (last >= 0) (run.Sweeps, run.Colour) = (count.Sweep(last), count.Colour(last));
        if (run.Sweeps > run.OverRelaxationSweeps && _board.Settings.Omega != 1.0)
        {
            _log.Warning("Phase {Phase}: still moving after {Sweeps} over-relaxed sweeps; going on with omega 1", run.Phase, run.Sweeps);
            _board.Settings.Omega = 1.0;
        }
        if (stops.Any(s => s.OverSweepLimit)) Halt(run, $"no equilibrium within {_options.MaxSweeps} sweeps");
        if (diverged is not null) run.Diverged = diverged.DivergedNode;
    }

    private void OnProgressCheck()
    {
        // Async guard against divergence and endless oscillation: node updates per node. Across
        // members the other partitions' updates are as the last count wave read them: poll one.
        if (_run is not { Stage: Stage.Relaxing } run || _board.Settings.Halted) return;
        _board.Reports?.Poll(Self);
        var perNode = (_board.Quiescence.Updates - run.StartUpdates) / Math.Max(1, _board.Nodes.Length);
        if (perNode > _options.MaxSweeps) Halt(run, $"no equilibrium within {_options.MaxSweeps} updates per node");
        else Timers.StartSingleTimer("progress", new ProgressCheck(run.Phase), TimeSpan.FromMilliseconds(200));
    }

    // ---- Measurement and certification ----------------------------------------------------

    /// <summary>
    /// Reads every node's voltages and every edge's view of its terminals: the voltages are what
    /// the certificate checks, and the views are what the edges' learning rule will read, which no
    /// residual shows when a terminal is held (an edge never answers a held node).
    /// </summary>
    private void StartProbe(PhaseRun run)
    {
        run.Stage = Stage.Probing;
        var (n, m) = (_board.Nodes.Length, _board.Edges.Length);
        _board.Quiescence.Launch(n + m);
        _board.Quiescence.CountControl(n + m);
        _views.Start();
        var probe = new Probe(run.Phase);
        foreach (var node in _board.Nodes) node.Tell(probe);
        var edgeProbe = new EdgeProbe(run.Phase);
        foreach (var edge in _board.Edges) edge.Tell(edgeProbe);
    }

    private void OnReading(NodeReading m)
    {
        _free[m.Node] = m.Free;
        _clamped[m.Node] = m.Clamped;
        _views.NodeAnswered(m.Node);
        _owed++;
    }

    private void OnEdgeReading(EdgeReading m)
    {
        _views.EdgeAnswered(m, _free, _clamped);
        _owed++;
    }

    /// <remarks>
    /// Clocked, several nodes of one colour step may diverge together and their reports arrive in
    /// any order: the step runs to its barrier, which names the lowest of them (see
    /// <see cref="OnQuiet"/>), so the failure is as repeatable as the rest of the schedule.
    /// </remarks>
    private void OnDiverged(Diverged m)
    {
        if (_run is { } run && m.Phase == run.Phase)
        {
            if (_board.Settings.Clocked) run.Diverged = Math.Min(run.Diverged ?? int.MaxValue, m.Node);
            else Halt(run, DivergedAt(m.Node, ""));
        }
        _board.Quiescence.Settle(0);
    }

    private string DivergedAt(int node, string when) =>
        $"relaxation diverged at node '{_board.Network.Nodes[node].Name}'{when} (omega {_board.Settings.Omega}, {_options.Schedule.ToString().ToLowerInvariant()} schedule)";

    private void Evaluate(PhaseRun run)
    {
        run.Checks++;
        var netFree = Equilibrium.FromVoltages(_network, _free).NetCurrentOut(_network);
        var (clampedCheck, clampedVoltages) = ClampedCheck(run);
        var netClamped = Equilibrium.FromVoltages(clampedCheck, clampedVoltages).NetCurrentOut(clampedCheck);
        if (!_network.IsLinear)
        {
            run.CertifyFree = Certificate.For(_network, run.HeldFree, _free);
            run.CertifyClamped = CertifyClamped(run);
        }
        var bound = Math.Max(run.CertifyFree!.Bound(netFree), run.CertifyClamped!.Bound(netClamped));
        var local = Math.Max(run.CertifyFree.LocalResidual(netFree), run.CertifyClamped.LocalResidual(netClamped));
        var viewError = _views.Finish(_free, _clamped);
        (run.Bound, run.ViewError) = (bound, viewError);
        var settings = _board.Settings;
        _log.Debug("Phase {Phase} check {Check}: error bound {Bound:G3} V, largest local correction {Local:G3} V, edge views off by {ViewError:G3} V, threshold {Threshold:G3} V",
            run.Phase, run.Checks, bound, local, viewError, settings.Threshold);
        if (bound <= _options.Tolerance && viewError <= _options.Tolerance)
        {
            Finish(run, Outcome(run, certified: true));
            return;
        }
        if (_options.Noise > 0 && settings.Threshold <= NoiseFloor * 1.000001 && run.Checks >= 2)
        {
            _log.Warning("Phase {Phase}: noise of {Noise} V limits the error bound to {Bound:G3} V (edge views {ViewError:G3} V), above the tolerance {Tolerance} V",
                run.Phase, _options.Noise, bound, viewError, _options.Tolerance);
            Finish(run, Outcome(run, certified: false));
            return;
        }
        if (!run.Progress.Record(Math.Max(bound, viewError)))
        {
            Finish(run, new Failed($"the error bound stopped falling at {run.Progress.Best:G3} V, above the tolerance {_options.Tolerance} V " +
                $"({run.Checks} checks, the last {ErrorProgress.ChecksWithoutProgress} without halving it): the tolerance is below what this network's conditioning " +
                "resolves in double precision, or it does not settle", BadInput: false));
            return;
        }
        // An edge whose view is off, or a local correction well above the threshold, means news was
        // lost for good (the link layer gave up on a message): refresh the links. Otherwise the
        // threshold was too coarse: lower it. Under noise neither tells a loss from the noise.
        // Lowering stirs only nodes that moved by more than the new threshold; an edge that held
        // back an answer under the old one is not asked again. So once lowering has failed to
        // halve the error, a local correction above two thresholds refreshes even without loss:
        // on transistor networks, whose amplification can double while a phase relaxes, such
        // held-back answers stalled the bound just above the tolerance (see architecture.md).
        var suspect = _options.Drop > 0 || run.Progress.Stalled > 0;
        var refresh = _options.Noise == 0 && (viewError > _options.Tolerance || (suspect && local > 2 * settings.Threshold));
        if (!refresh)
            settings.Threshold = Math.Max(run.ThresholdFloor, settings.Threshold * Math.Clamp(_options.Tolerance / (2 * bound), 0.01, 0.5));
        var kind = refresh ? TickKind.Refresh : TickKind.Resume;
        run.Stage = Stage.Relaxing;
        if (settings.Clocked && PartitionsStep)
        {
            StepRound(run, forced: kind);
            return;
        }
        if (settings.Clocked)
        {
            run.Forced = Enumerable.Repeat(true, _board.ColourCount).ToArray();
            run.ForceKind = kind;
            NextColourStep(run);
            return;
        }
        var n = _board.Nodes.Length;
        _board.Quiescence.Launch(n);
        _board.Quiescence.CountControl(n);
        var tick = new Tick(run.Phase, run.Checks, kind);
        foreach (var node in _board.Nodes) node.Tell(tick);
        Timers.StartSingleTimer("progress", new ProgressCheck(run.Phase), TimeSpan.FromMilliseconds(200));
    }

    private PhaseOutcome Outcome(PhaseRun run, bool certified)
    {
        var q = _board.Quiescence;
        var updates = q.Updates - run.StartUpdates;
        var free = Math.Max(1, run.HeldFree.Count(h => !h));
        var sweeps = _board.Settings.Clocked || run.Ticks > 0 ? run.Sweeps : (int)Math.Ceiling((double)updates / free);
        return new PhaseOutcome(run.Phase, _free.ToArray(), _clamped.ToArray(), q.Hot - run.StartHot, q.Control - run.StartControl,
            q.Dropped - run.StartDropped, sweeps, run.Checks, run.Clock.Elapsed.TotalMilliseconds, run.Bound, certified,
            _board.Settings.Threshold, updates, run.ViewError, run.Barriers);
    }

    private void Finish(PhaseRun run, object reply)
    {
        _run = null;
        if (reply is PhaseOutcome { } ticked && run.Ticks > 0)
            _log.Info("Phase {Phase} ticked: {Ticks} ticks of continuous learning, {Messages} messages, {WallMs:F1} ms", ticked.Phase, ticked.Sweeps, ticked.Messages, ticked.WallMs);
        else if (reply is PhaseOutcome o)
        {
            _log.Info("Phase {Phase} settled: error bound {Bound:G3} V, {Messages} messages, {Sweeps} sweeps, {WallMs:F1} ms",
                o.Phase, o.ErrorBound, o.Messages, o.Sweeps, o.WallMs);
            _log.Debug("Phase {Phase} cost {Control} control messages, {Dropped} lost, {Checks} checks; certified {Certified}",
                o.Phase, o.ControlMessages, o.Dropped, o.Checks, o.Certified);
        }
        else if (reply is Failed f)
        {
            _log.Warning("Phase {Phase} failed: {Reason}", run.Phase, f.Message);
            // Whatever was in flight is gone: the next phase starts by refreshing every link.
            _needsRefresh = true;
            _board.Settings.Halted = false;
        }
        run.Client.Tell(reply);
    }

    /// <summary>
    /// A member hosting partitions is gone, and with it its actors' state and whatever was in
    /// flight to them: no silence will come. Fail the waiting request at once, and the engine for good.
    /// </summary>
    private void OnPartitionLost(PartitionLost m)
    {
        _broken ??= m.Reason;
        _board.Settings.Halted = true;
        _log.Error("Engine broken: {Reason}", _broken);
        var client = _run?.Client ?? _measure?.Client ?? _learn?.Client ?? _reset;
        (_run, _measure, _learn, _reset) = (null, null, null, null);
        client?.Tell(new Failed(_broken, BadInput: false));
    }

    private void OnHalt(Halt m)
    {
        if (_run is { } run) Halt(run, m.Reason);
    }

    private void Halt(PhaseRun run, string reason)
    {
        run.Failure ??= reason;
        _board.Settings.Halted = true;
        _board.Reports?.Publish(Self); // free-running partitions stop now, not at the next barrier
    }

    // ---- One node, by name ----------------------------------------------------------------

    private void OnMeasure(MeasureNode m)
    {
        if (!_board.Network.TryGetIndex(m.Name, out var index))
        {
            Sender.Tell(new Failed($"unknown node '{m.Name}'", BadInput: true));
            return;
        }
        if (Busy)
        {
            Sender.Tell(new Failed(_broken ?? "a phase or measurement is already running", BadInput: false));
            return;
        }
        _measure = new MeasureRequest(Sender, m.Name, index);
        _board.Quiescence.Launch(1);
        _board.Quiescence.CountControl(1);
        _board.Nodes[index].Tell(new Probe(_phase));
    }

    private sealed record MeasureRequest(IActorRef Client, string Name, int Node);

    // ---- A fresh start from settled voltages -----------------------------------------------

    /// <summary>
    /// Every node and edge starts afresh from these voltages (and elements), as if newly wired
    /// with its capacitors charged to them: what they told each other is forgotten, and the next
    /// phase's set-up has every edge answer both its nodes. One barrier step; nothing else moves.
    /// </summary>
    private void OnReset(ResetState m)
    {
        if (Busy)
        {
            Sender.Tell(new Failed(_broken ?? "a phase or measurement is already running", BadInput: false));
            return;
        }
        var n = _board.Nodes.Length;
        if (m.Free.Length != n || m.Clamped.Length != n || (m.Elements is not null && m.Elements.Length != _elements.Length))
        {
            Sender.Tell(new Failed($"a fresh start needs one voltage per node ({n}) in each twin and one element per edge ({_elements.Length})", BadInput: true));
            return;
        }
        if (m.Elements is not null)
        {
            for (var j = 0; j < _elements.Length; j++) _elements[j] = m.Elements[j].ToElement();
            AdoptElements();
        }
        m.Free.CopyTo(_free, 0);
        m.Clamped.CopyTo(_clamped, 0);
        _needsRefresh = false; // every link starts afresh
        _reset = Sender;
        _phase++;
        _board.Quiescence.Launch(n + _elements.Length);
        _board.Quiescence.CountControl(n + _elements.Length);
        for (var i = 0; i < n; i++) _board.Nodes[i].Tell(new NodeReset(_phase, _free[i], _clamped[i]));
        for (var j = 0; j < _elements.Length; j++)
        {
            var (a, b) = (_board.From[j], _board.To[j]);
            _board.Edges[j].Tell(new EdgeReset(_phase, ElementWire.From(_elements[j]), _free[a], _clamped[a], _free[b], _clamped[b]));
        }
    }

    // ---- Learning clock -------------------------------------------------------------------

    private bool Busy => _broken is not null || _run is not null || _measure is not null || _learn is not null || _reset is not null;

    /// <summary>Ticks every edge's learning clock; the edges decide and update themselves.</summary>
    private void OnLearnStep(LearnStep m)
    {
        if (Busy)
        {
            Sender.Tell(new Failed(_broken ?? "a phase or measurement is already running", BadInput: false));
            return;
        }
        if (_board.Learning is null)
        {
            Sender.Tell(new Failed("this engine was wired without a learning rule", BadInput: true));
            return;
        }
        _learn = new LearnRequest(Sender);
        var edges = _board.Edges.Length;
        _board.Quiescence.Launch(edges);
        _board.Quiescence.CountControl(edges);
        var tick = new Learn(_phase, m.Step, m.Mode, m.Through);
        foreach (var edge in _board.Edges) edge.Tell(tick);
    }

    private void OnLearned(Learned m)
    {
        if (m.Element is not null && _learn is not null && m.Element.ToElement() is var element && !element.Equals(_elements[m.Edge]))
        {
            _elements[m.Edge] = element;
            _learn.Changed++;
        }
        _owed++;
    }

    private sealed class LearnRequest(IActorRef client)
    {
        public IActorRef Client { get; } = client;
        public int Changed { get; set; }
    }

    /// <summary>A self-reminder (never leaves the coordinator) to check the async guard.</summary>
    private sealed record ProgressCheck(int Phase) : INoSerializationVerificationNeeded;

    private enum Stage
    {
        Relaxing,
        Probing,

        /// <summary>Continuous learning: the clock ticks the dynamics (see <see cref="NextDynamicsTick"/>).</summary>
        Ticking,
    }

    /// <summary>The state of one phase while it runs.</summary>
    /// <summary>The clamped twin's network: each edge's clamped copy (see EdgeLearning.ClampedScale), or the same network.</summary>
    /// <summary>The network (and its clamped copy) as the coordinator knows it, rebuilt after <c>_elements</c> changed.</summary>
    private void AdoptElements()
    {
        _network = _board.Network.WithElements(_elements);
        _clampedNetwork = ClampedCopy(_network);
    }

    private Network ClampedCopy(Network network) =>
        _board.Learning?.Edges is { HasMismatch: true } learning
            ? network.WithElements(network.Edges.Select((e, j) => learning.Clamped(j, e.Element)).ToArray())
            : network;

    private sealed class PhaseRun
    {
        public PhaseRun(IActorRef client, int phase, double[] holdFree, double[] holdClamped, Quiescence q)
        {
            Client = client;
            Phase = phase;
            HoldFree = holdFree;
            HoldClamped = holdClamped;
            HeldFree = holdFree.Select(v => !double.IsNaN(v)).ToArray();
            HeldClamped = holdClamped.Select(v => !double.IsNaN(v)).ToArray();
            StartHot = q.Hot;
            StartControl = q.Control;
            StartDropped = q.Dropped;
            StartUpdates = q.Updates;
        }

        public IActorRef Client { get; }
        public int Phase { get; }
        public double[] HoldFree { get; }
        public double[] HoldClamped { get; }
        public bool[] HeldFree { get; }
        public bool[] HeldClamped { get; }
        public long StartHot { get; }
        public long StartControl { get; }
        public long StartDropped { get; }
        public long StartUpdates { get; }
        public Stopwatch Clock { get; } = Stopwatch.StartNew();
        public Certificate? CertifyFree { get; set; }
        public Certificate? CertifyClamped { get; set; }

        /// <summary>A current nudge's ties to the targets (null for a clamp or none).</summary>
        public Tethers? Tethers { get; set; }
        public Stage Stage { get; set; }
        public int Sweeps { get; set; }
        public int Checks { get; set; }

        /// <summary>Continuous learning: the ticks this phase runs (0: a certified relaxation), and the nodes each tick moves.</summary>
        public int Ticks { get; init; }
        public int[]? Ticking { get; set; }

        /// <summary>Times the phase waited for silence: its set-up, each clocked colour step, each probe.</summary>
        public int Barriers { get; set; }
        public int OverRelaxationSweeps { get; set; }
        public int Colour { get; set; } = -1;
        public bool[]? Forced { get; set; }
        public TickKind ForceKind { get; set; }
        public double Bound { get; set; } = double.PositiveInfinity;
        public double ViewError { get; set; }

        /// <summary>Volts: the lowest threshold this phase may use (noise, or rounding).</summary>
        public double ThresholdFloor { get; set; }

        /// <summary>The smallest error (bound or view error) any check found, and the checks since it last halved.</summary>
        public ErrorProgress Progress { get; } = new();
        public string? Failure { get; set; }

        /// <summary>Clocked: the lowest node that reported divergence in the step now running.</summary>
        public int? Diverged { get; set; }

        /// <summary>Clocked steps among the partitions: rounds started, whether one runs or has just fallen silent, and the partitions' word at its end.</summary>
        public int Rounds { get; set; }
        public bool Stepping { get; set; }
        public bool RoundOver { get; set; }
        public List<StepsStopped> Stops { get; } = [];
    }
}
