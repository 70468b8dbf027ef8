using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Clln.Actors.Coordination;
using Clln.Core.Mechanics;

namespace Clln.Actors.Mechanics;

/// <summary>
/// Runs the phases of an elastic network's actors: starts a phase, steps the clocked schedule one
/// colour at a time (each step ends when the network falls silent), and when the network is
/// silent measures every node and certifies the positions (<see cref="SpringCertificate"/>). A
/// phase not yet within the tolerance lowers the send threshold, has every node announce itself
/// again, and goes on.
/// </summary>
/// <remarks>
/// The elastic counterpart of the electrical <see cref="Coordinator"/>, on one actor system only:
/// the same quiescence count (a clocked colour step and a free-running phase both end when it
/// reaches zero), the same link faults, learning by a rule applied at once; no cluster or
/// continuous dynamics yet.
/// </remarks>
internal sealed class SpringCoordinator : UntypedActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SpringBoard _board;
    private readonly ActorEngineOptions _options;
    private readonly double _coordinateScale; // metres: the largest coordinate's size, what rounding is relative to
    private SpringNetwork _network; // with what the springs have learned
    private Run? _run;
    private Learning? _learning;
    private int _phase;
    private string? _broken;

    public SpringCoordinator(SpringBoard board, ActorEngineOptions options)
    {
        _board = board;
        _network = board.Network;
        _options = options;
        _coordinateScale = Math.Max(board.Network.Size, board.Network.Nodes.Max(n => Math.Max(Math.Abs(n.X), Math.Abs(n.Y))));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SpringBoard board, ActorEngineOptions options) => Akka.Actor.Props.Create(() => new SpringCoordinator(board, options));

    protected override void PreStart()
    {
        _board.Coordinator = Self;
        _board.Quiescence.Attach(Self);
        var dispatcher = Context.Props.Dispatcher;
        for (var i = 0; i < _board.Nodes.Length; i++)
            _board.Nodes[i] = Context.ActorOf(SpringNodeActor.Props(_board, i).WithDispatcher(dispatcher), $"node-{i}");
        for (var s = 0; s < _board.Springs.Length; s++)
            _board.Springs[s] = Context.ActorOf(SpringActor.Props(_board, s).WithDispatcher(dispatcher), $"spring-{s}");
        _log.Info("Wired {Nodes} node actors and {Springs} spring actors, {Colours} colours, {Schedule} schedule",
            _board.Nodes.Length, _board.Springs.Length, _board.ColourCount, _options.Schedule);
    }

    protected override void PostStop() => _board.Settings.DelayLine?.Dispose();

    /// <summary>A node or spring that throws has lost its state: stop it, and fail the engine for good.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(Decider.From(e =>
    {
        Fail($"an actor failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        return Directive.Stop;
    }));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RelaxSprings m: OnRelax(m); break;
            case LearnSprings m: OnLearn(m); break;
            case SpringLearned m: OnLearned(m); break;
            case Quiet: OnQuiet(); break;
            case NodePlace m: OnPlace(m); break;
            case Halt m: Fail(m.Reason); break;
            case GuardCheck m when _run is { } run && m.Phase == run.Phase: OnGuardCheck(run); break;
            case GuardCheck: break;
            default: Unhandled(message); break;
        }
    }

    private void OnRelax(RelaxSprings m)
    {
        if (Busy()) return;
        var n = _board.Nodes.Length;
        var run = _run = new Run(++_phase, Sender, m, _board, Stopwatch.StartNew());
        _board.Settings.Threshold = Math.Max(_options.Tolerance, ThresholdFloor);
        if (!_board.Settings.Clocked) Timers.StartPeriodicTimer("guard", new GuardCheck(run.Phase), TimeSpan.FromMilliseconds(100));
        _board.Quiescence.Launch(n);
        for (var i = 0; i < n; i++)
            _board.Nodes[i].Tell(new HoldAt(run.Phase, m.HeldFree[2 * i], m.HeldFree[2 * i + 1], m.HeldClamped[2 * i], m.HeldClamped[2 * i + 1]));
    }

    /// <summary>Refuses a request (in one line to its sender) while a phase or a learning step runs, or once the engine failed.</summary>
    private bool Busy()
    {
        if (_broken is null && _run is null && _learning is null) return false;
        Sender.Tell(new Failed(_broken is null ? "a phase or learning step is running already" : $"the engine stopped at a failed phase ({_broken})", BadInput: false));
        return true;
    }

    /// <summary>Between phases (the network silent): every spring learns from its own two lengths.</summary>
    private void OnLearn(LearnSprings m)
    {
        if (Busy()) return;
        _learning = new Learning(Sender, _network.Springs.ToArray());
        foreach (var spring in _board.Springs) spring.Tell(m);
    }

    private void OnLearned(SpringLearned m)
    {
        if (_learning is not { } learning) return;
        learning.Springs[m.Spring] = learning.Springs[m.Spring] with { Stiffness = m.Stiffness, RestLength = m.RestLength };
        if (++learning.Answers < learning.Springs.Length) return;
        _network = _network.With(learning.Springs);
        learning.Client.Tell(new SpringsLearned(learning.Springs));
        _learning = null;
    }

    private sealed class Learning(IActorRef client, Spring[] springs)
    {
        public IActorRef Client { get; } = client;
        public Spring[] Springs { get; } = springs;
        public int Answers { get; set; }
    }

    private void OnQuiet()
    {
        if (_run is not { } run || _broken is not null) return;
        switch (run.Stage)
        {
            case Stage.SettingUp or Stage.Refreshing:
                if (_board.Settings.Clocked) StartSweep(run);
                else Measure(run);
                break;
            case Stage.Stepping:
                NextColour(run);
                break;
        }
    }

    private void StartSweep(Run run)
    {
        if (run.Sweeps >= _options.MaxSweeps)
        {
            Fail($"not settled within {_options.MaxSweeps} sweeps");
            return;
        }
        run.Sweeps++;
        run.Stage = Stage.Stepping;
        run.HotAtSweep = _board.Quiescence.Hot;
        run.Colour = -1;
        NextColour(run);
    }

    /// <summary>Ticks the next colour's movable nodes; after the last colour, a sweep that sent nothing means the network settled at this threshold.</summary>
    private void NextColour(Run run)
    {
        if (++run.Colour == _board.ColourCount)
        {
            if (_board.Quiescence.Hot == run.HotAtSweep) Measure(run);
            else StartSweep(run);
            return;
        }
        var nodes = run.MovableByColour[run.Colour];
        _board.Quiescence.Launch(nodes.Length);
        var tick = new StepNode(run.Phase);
        foreach (var i in nodes) _board.Nodes[i].Tell(tick);
    }

    private void Measure(Run run)
    {
        run.Stage = Stage.Measuring;
        run.Checks++;
        run.Answers = 0;
        var question = new WhereAreYou();
        foreach (var node in _board.Nodes) node.Tell(question);
    }

    private void OnPlace(NodePlace m)
    {
        if (_run is not { Stage: Stage.Measuring } run) return;
        var i = m.Node;
        (run.Free[2 * i], run.Free[2 * i + 1], run.Clamped[2 * i], run.Clamped[2 * i + 1]) = (m.XFree, m.YFree, m.XClamped, m.YClamped);
        if (++run.Answers < _board.Nodes.Length) return;
        // A phase that holds the same nodes in both twins settles them alike (noise aside): one
        // certificate then serves both, and saves the dense factorisation the second would repeat.
        var free = SpringCertificate.Distance(_network, run.Free, node => !double.IsNaN(run.Request.HeldFree[2 * node]));
        var twinsAlike = run.Clamped.AsSpan().SequenceEqual(run.Free) && run.Request.HeldClamped.AsSpan().SequenceEqual(run.Request.HeldFree);
        run.Distance = twinsAlike ? free
            : Math.Max(free, SpringCertificate.Distance(_network, run.Clamped, node => !double.IsNaN(run.Request.HeldClamped[2 * node])));
        if (run.Distance <= _options.Tolerance)
        {
            Finish(run, certified: true);
            return;
        }
        if (run.Free.Concat(run.Clamped).Any(v => !double.IsFinite(v)))
        {
            Fail("diverged: a node's position is no longer a number");
            return;
        }
        var threshold = _board.Settings.Threshold;
        if (_options.Noise > 0 && threshold <= NoiseFloor * 1.000001 && run.Checks >= 2)
        {
            _log.Warning("Elastic phase {Phase}: noise of {Noise} m limits the distance to {Distance:G3} m, above the tolerance {Tolerance} m",
                run.Phase, _options.Noise, run.Distance, _options.Tolerance);
            Finish(run, certified: false);
            return;
        }
        if (!run.Progress.Record(run.Distance))
        {
            Fail($"the distance to equilibrium stopped falling at {run.Progress.Best:G3} m, above the tolerance {_options.Tolerance} m " +
                 $"({run.Checks} checks, the last {ErrorProgress.ChecksWithoutProgress} without halving it): the tolerance is below what double precision " +
                 "resolves on this network, or it does not settle (a stable equilibrium needs a positive definite stiffness: no spring buckled)");
            return;
        }
        // Lower the threshold by what is missing (and by at least half), then every node speaks again.
        _board.Settings.Threshold = Math.Max(ThresholdFloor, threshold * Math.Clamp(0.5 * _options.Tolerance / run.Distance, 1e-3, 0.5));
        run.Stage = Stage.Refreshing;
        _board.Quiescence.Launch(_board.Nodes.Length);
        var announce = new Announce(run.Phase, run.Checks);
        foreach (var node in _board.Nodes) node.Tell(announce);
    }

    private void OnGuardCheck(Run run)
    {
        var limit = (long)_options.MaxSweeps * run.Movable;
        if (_board.Quiescence.Updates - run.UpdatesAtStart > limit)
            Fail($"not settled within {_options.MaxSweeps} updates per node: diverging or chattering (free-running is safe only at omega up to 1)");
    }

    /// <summary>Metres: with noisy readings no threshold below a few sigma can fall silent (as on electrical networks).</summary>
    private double NoiseFloor => 4 * _options.Noise;

    /// <summary>
    /// Metres: no threshold goes below the noise's floor, nor a few units in the last place of the
    /// network's coordinates: below that a node's local solution can flip between neighbouring
    /// doubles forever and the network never falls silent (as on electrical networks, where the
    /// floor is 64 units of the voltages; a spring network's distance is its threshold times an
    /// amplification of a hundred or more, so its floor is kept as low as silence allows).
    /// </summary>
    private double ThresholdFloor => Math.Max(NoiseFloor, 4 * DoublePrecision.MachineEpsilon * _coordinateScale);

    private void Finish(Run run, bool certified)
    {
        Timers.CancelAll();
        var q = _board.Quiescence;
        var updates = q.Updates - run.UpdatesAtStart;
        var stats = new SpringRelaxationStats(
            q.Hot - run.HotAtStart, q.Dropped - run.DroppedAtStart, updates,
            _board.Settings.Clocked ? run.Sweeps : (int)Math.Ceiling((double)updates / run.Movable),
            run.Checks, run.Distance, _board.Settings.Threshold, run.Clock.Elapsed.TotalMilliseconds, certified);
        run.Client.Tell(new SpringOutcome(run.Free, run.Clamped, stats));
        _log.Info("Elastic phase {Phase} certified within {Distance:G3} m after {Checks} checks, {Messages} messages", run.Phase, run.Distance, run.Checks, stats.Messages);
        _run = null;
    }

    /// <summary>Ends the running phase with <paramref name="reason"/>; the actors drain, and the engine takes no further phase.</summary>
    private void Fail(string reason)
    {
        _broken ??= reason;
        _board.Settings.Halted = true;
        Timers.CancelAll();
        _run?.Client.Tell(new Failed(reason, BadInput: false));
        _run = null;
    }

    private sealed record GuardCheck(int Phase) : INoSerializationVerificationNeeded;

    private enum Stage { SettingUp, Stepping, Refreshing, Measuring }

    /// <summary>One phase while it runs.</summary>
    private sealed class Run(int phase, IActorRef client, RelaxSprings request, SpringBoard board, Stopwatch clock)
    {
        public int Phase { get; } = phase;
        public IActorRef Client { get; } = client;
        public RelaxSprings Request { get; } = request;
        public Stopwatch Clock { get; } = clock;
        public Stage Stage { get; set; } = Stage.SettingUp;

        /// <summary>Per colour, the nodes free in some twin: those a clocked step ticks.</summary>
        public int[][] MovableByColour { get; } = Enumerable.Range(0, board.ColourCount)
            .Select(c => Enumerable.Range(0, board.Nodes.Length)
                .Where(i => board.Colour[i] == c && (double.IsNaN(request.HeldFree[2 * i]) || double.IsNaN(request.HeldClamped[2 * i]))).ToArray())
            .ToArray();

        /// <summary>Nodes free in some twin (at least 1: the divisor of free-running rounds).</summary>
        public int Movable => Math.Max(1, MovableByColour.Sum(c => c.Length));

        public long HotAtStart { get; } = board.Quiescence.Hot;
        public long DroppedAtStart { get; } = board.Quiescence.Dropped;
        public long UpdatesAtStart { get; } = board.Quiescence.Updates;
        public int Sweeps { get; set; }
        public int Colour { get; set; }
        public long HotAtSweep { get; set; }
        public int Checks { get; set; }
        public int Answers { get; set; }
        public double Distance { get; set; } = double.PositiveInfinity;
        public ErrorProgress Progress { get; } = new();
        public double[] Free { get; } = new double[2 * board.Nodes.Length];
        public double[] Clamped { get; } = new double[2 * board.Nodes.Length];
    }
}

/// <summary>Relax one phase: per node, where each twin holds it (x, y), or NaN where it is free.</summary>
internal sealed record RelaxSprings(double[] HeldFree, double[] HeldClamped) : INoSerializationVerificationNeeded;

/// <summary>Every spring after a learning step.</summary>
internal sealed record SpringsLearned(IReadOnlyList<Spring> Springs) : INoSerializationVerificationNeeded;

/// <summary>The phase is certified: positions (x0, y0, x1, ...) in each twin, and what it cost.</summary>
internal sealed record SpringOutcome(double[] Free, double[] Clamped, SpringRelaxationStats Stats) : INoSerializationVerificationNeeded;
