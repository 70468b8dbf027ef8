using Clln.Core.Experiments;
using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Training;

/// <summary>
/// The reference trainer's network: the same twins, clamp and edge rules as the actors, but each
/// state is solved exactly by the reference solver (a direct solve for linear networks, Newton
/// from the same cold start every time for transistor and mixed ones, so a state depends only on
/// the elements and the voltages applied). The yardstick for the actor engine. The second state
/// is coupled learning's clamp, equilibrium propagation's tethered outputs, or none at all for the
/// central gradient step (<see cref="Nudge"/>).
/// </summary>
public sealed class ReferenceTwinNetwork : ITwinNetwork
{
    private readonly Network _network;
    private readonly int[] _inputs;
    private readonly int[] _outputs;
    private readonly EdgeLearning _learning;
    private readonly double _eta;
    private readonly IEdgeElement[] _elements;
    private readonly IEquilibriumSolver _free;
    private readonly IEquilibriumSolver? _clamped; // coupled learning's clamped twin; the other nudges have none
    private readonly Nudge _nudge;
    private readonly TetheredOutputs? _tethered;
    private readonly OutputLossGradient? _gradient;
    private double[]? _batch; // per edge, the sum of the accumulated steps' contrasts (or gradients)
    private int _batched;

    /// <param name="inputs">Indices of the input nodes, in task order.</param>
    /// <param name="outputs">Indices of the output nodes, in task order.</param>
    public ReferenceTwinNetwork(Network network, int[] inputs, int[] outputs, ILearningRule rule, double eta, UpdateClock clock)
        : this(new TwinSpec(network, inputs, outputs, EdgeLearning.Plain(rule, clock), eta))
    {
    }

    public ReferenceTwinNetwork(TwinSpec spec)
    {
        var (network, inputs, outputs, eta) = (spec.Network, spec.Inputs, spec.Outputs, spec.Eta);
        if (!(eta > 0 && eta <= ExperimentSetup.MaxEta)) throw new ArgumentOutOfRangeException(nameof(eta), eta, $"the nudge eta must be in (0, {ExperimentSetup.MaxEta}]");
        _network = network;
        _inputs = inputs;
        _outputs = outputs;
        _learning = spec.Learning;
        _eta = eta;
        _elements = network.Edges.Select(e => e.Element).ToArray();
        var heldFree = network.Nodes.Select(n => n.IsHeld).ToArray();
        _free = EquilibriumSolver.For(network, heldFree);
        _nudge = spec.Nudge;
        if (_nudge == Nudge.Clamp)
        {
            var heldClamped = heldFree.ToArray();
            foreach (var o in outputs) heldClamped[o] = true;
            _clamped = EquilibriumSolver.For(network, heldClamped);
        }
        if (_nudge == Nudge.Current) _tethered = new TetheredOutputs(network, outputs, beta: eta);
        if (_nudge == Nudge.Exact) _gradient = new OutputLossGradient(network, inputs, outputs);
        if (_learning.HasMismatch) Refactorize();
    }

    public long Step { get; private set; }

    public long Messages => 0;

    public long UncertifiedPhases => 0;

    public double LargestErrorBound => 0;

    public Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) =>
        Task.FromResult(Measure(SolveFree(inputs)));

    /// <summary>One training step that learns at once.</summary>
    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, CancellationToken cancellation) =>
        TrainStepAsync(inputs, targets, LearnMode.Now, cancellation);

    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation)
    {
        if (mode == LearnMode.ApplyAccumulated) throw new ArgumentException("a step learns now or accumulates; ApplyAccumulatedAsync applies", nameof(mode));
        var free = SolveFree(inputs);
        // What each edge learns from: its contrast (dV_F)^2 - (dV_N)^2, or for the central step the gradient.
        var signal = _nudge == Nudge.Exact ? _gradient!.Of(_elements, inputs, targets) : Contrasts(inputs, targets, free);
        if (mode == LearnMode.Now) Learn(signal, Step);
        else
        {
            _batch ??= new double[_elements.Length];
            for (var j = 0; j < signal.Length; j++) _batch[j] += signal[j];
            _batched++;
        }
        Step++;
        if (mode == LearnMode.Now) Refactorize();
        return Task.FromResult(Measure(free));
    }

    public Task ApplyAccumulatedAsync(CancellationToken cancellation)
    {
        if (_batched == 0) return Task.CompletedTask;
        Learn(_batch!.Select(sum => sum / _batched).ToArray(), Step - 1);
        (_batch, _batched) = (null, 0);
        Refactorize();
        return Task.CompletedTask;
    }

    /// <summary>Every edge's contrast between the free state and the nudged one (the clamp, or the tethered outputs).</summary>
    private double[] Contrasts(double[] inputs, double[] targets, Equilibrium free)
    {
        var nudged = _nudge == Nudge.Current ? _tethered!.Solve(_network.HeldVoltages(_inputs, inputs), targets) : SolveClamped(inputs, targets, free);
        var contrasts = new double[_elements.Length];
        for (var j = 0; j < contrasts.Length; j++)
        {
            var edge = _network.Edges[j];
            var freeDrop = free.Voltages[edge.From] - free.Voltages[edge.To];
            var nudgedDrop = nudged[edge.From] - nudged[edge.To];
            contrasts[j] = _learning.Contrast(freeDrop, nudgedDrop);
        }
        return contrasts;
    }

    /// <summary>Every edge learns on the clock tick of <paramref name="step"/> from its contrast (or, for the central step, its gradient).</summary>
    private void Learn(double[] signal, long step)
    {
        if (_nudge == Nudge.Exact) StepAlongGradient(signal, step);
        else
            for (var j = 0; j < _elements.Length; j++)
                _elements[j] = _learning.Tick(j, step, _elements[j], signal[j]);
    }

    /// <summary>Coupled learning's clamped state: the outputs held at V_F + eta (V_T - V_F).</summary>
    private double[] SolveClamped(double[] inputs, double[] targets, Equilibrium free)
    {
        var held = _network.HeldVoltages(_inputs, inputs);
        for (var o = 0; o < _outputs.Length; o++)
        {
            var vf = free.Voltages[_outputs[o]];
            held[_outputs[o]] = vf + _eta * (targets[o] - vf);
        }
        return _clamped!.Solve(held).Voltages;
    }

    /// <summary>
    /// The central optimiser: every conductance steps by -2 alpha (1 S) dC/dk, the limit of
    /// equilibrium propagation's update as its nudge vanishes, written through the rule as the
    /// contrast that gives that change (so the rule clips it to [k_min, k_max]), as often as the
    /// edge's clock ticks; frozen edges do not move.
    /// </summary>
    private void StepAlongGradient(double[] gradient, long step)
    {
        for (var j = 0; j < _elements.Length; j++)
        {
            if (_learning.IsFrozen(j)) continue;
            // The rule adds (alpha / eta) * contrast: this contrast makes that -2 alpha dC/dk.
            var contrast = -2 * _eta * gradient[j];
            for (int n = 0, updates = _learning.Clock.Updates(_learning.Origin(j), step); n < updates; n++)
                _elements[j] = _learning.Rule.Apply(_elements[j], contrast);
        }
    }

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => Task.FromResult(_elements.ToArray());

    public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => Task.FromResult<SettledVoltages?>(null);

    public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        elements.CopyTo(_elements, 0);
        Step = step;
        (_batch, _batched) = (null, 0);
        Refactorize();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private Equilibrium SolveFree(double[] inputs) => _free.Solve(_network.HeldVoltages(_inputs, inputs));

    private FreeMeasurement Measure(Equilibrium free) => new(_outputs.Select(o => free.Voltages[o]).ToArray(), free.Power);

    private void Refactorize()
    {
        _free.SetElements(_elements);
        // The clamped twin is built from its own copies of the edges (equal to the free ones unless mismatched).
        var clamped = _learning.HasMismatch ? _elements.Select((e, j) => _learning.Clamped(j, e)).ToArray() : _elements;
        _clamped?.SetElements(clamped);
        _tethered?.SetElements(clamped);
    }
}
