using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Training;

/// <summary>
/// Learning beyond the quasistatic limit (Stern, Dillavou, Miskin, Durian, Liu, Phys. Rev.
/// Research 4, L022037, 2022): no state waits to settle. During a training step both twins relax
/// as first-order dynamics, every free node toward its local Kirchhoff balance at the rate
/// <see cref="TimescaleRatio"/> per step (dV_i/dt = r I_i / G_i, with I_i the current into the
/// node and G_i its conductance to its neighbours), the clamped outputs following the free ones'
/// present voltage (V_F + eta (V_T - V_F)); and at the same time every edge integrates its update
/// from the drops it sees now, dk/dt = (alpha/eta) contrast(t), over the step's unit of time. With
/// a large ratio the states settle early in each step and this is the quasistatic rule; with a
/// small one the edges learn from states that have not caught up with the sample.
/// </summary>
/// <remarks>
/// Forward Euler with a step of at most half a relaxation time (damped Jacobi, stable because the
/// normalised Laplacian's spectrum lies in [0, 2]). The voltages carry over from one sample to the
/// next, as in hardware. Inference (<see cref="MeasureAsync"/>) reads the settled free state, as
/// the experimenter waits to read an output. The rule must be linear in the contrast (continuous
/// or gate), so that integrating it in time is meaningful.
/// </remarks>
public sealed class ContinuousLearningNetwork : ITwinNetwork
{
    private readonly Network _network;
    private readonly int[] _inputs;
    private readonly int[] _outputs;
    private readonly EdgeLearning _learning;
    private readonly double _eta;
    private readonly IEdgeElement[] _elements;
    private readonly IEquilibriumSolver _settled;
    private readonly bool[] _held;
    private readonly bool[] _isOutput;
    private readonly int[] _from;
    private readonly int[] _to;
    private readonly double[] _current;     // scratch: the current into each node, and its conductance to its neighbours
    private readonly double[] _conductance;
    private double[] _free;
    private double[] _clamped;

    /// <param name="timescaleRatio">Relaxation times per training step: the learning time scale over the relaxation time scale.</param>
    public ContinuousLearningNetwork(TwinSpec spec, double timescaleRatio)
    {
        if (!(timescaleRatio > 0 && double.IsFinite(timescaleRatio))) throw new ArgumentOutOfRangeException(nameof(timescaleRatio), timescaleRatio, "must be a positive number");
        (_network, _inputs, _outputs, _learning, _eta) = (spec.Network, spec.Inputs, spec.Outputs, spec.Learning, spec.Eta);
        TimescaleRatio = timescaleRatio;
        _elements = _network.Edges.Select(e => e.Element).ToArray();
        _held = _network.Nodes.Select(n => n.IsHeld).ToArray();
        _isOutput = new bool[_network.NodeCount];
        foreach (var o in _outputs) _isOutput[o] = true;
        _from = _network.Edges.Select(e => e.From).ToArray();
        _to = _network.Edges.Select(e => e.To).ToArray();
        (_current, _conductance) = (new double[_network.NodeCount], new double[_network.NodeCount]);
        _settled = EquilibriumSolver.For(_network, _held);
        // The wiring's state: held nodes at their voltages, the others at rest.
        _free = _network.HeldVoltages().Select(v => double.IsNaN(v) ? 0 : v).ToArray();
        _clamped = _free.ToArray();
    }

    /// <summary>Relaxation times per training step.</summary>
    public double TimescaleRatio { get; }

    public long Step { get; private set; }

    public long Messages => 0;

    public long UncertifiedPhases => 0;

    public double LargestErrorBound => 0;

    public Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) => Task.FromResult(Measure(inputs));

    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, LearnMode mode, CancellationToken cancellation)
    {
        if (mode != LearnMode.Now) throw new NotSupportedException("continuous learning integrates every update as it goes: it has no batches");
        var before = Measure(inputs);
        var held = _network.HeldVoltages(_inputs, inputs);
        var (substeps, dt, omega) = Discretise(TimescaleRatio);
        var updates = Enumerable.Range(0, _elements.Length).Select(j => _learning.UpdatesAt(j, Step)).ToArray();
        var (freeNext, clampedNext) = (new double[_free.Length], new double[_clamped.Length]);
        for (var s = 0; s < substeps; s++)
        {
            cancellation.ThrowIfCancellationRequested();
            for (var i = 0; i < held.Length; i++)
                if (_held[i]) _free[i] = _clamped[i] = held[i];
            for (var o = 0; o < _outputs.Length; o++)
            {
                var vf = _free[_outputs[o]];
                _clamped[_outputs[o]] = vf + _eta * (targets[o] - vf);
            }
            Relax(_free, freeNext, omega, clampedOutputs: false);
            Relax(_clamped, clampedNext, omega, clampedOutputs: true);
            // Every edge integrates its update from the drops it sees now.
            for (var j = 0; j < _elements.Length; j++)
            {
                if (updates[j] == 0) continue;
                var (a, b) = (_from[j], _to[j]);
                _elements[j] = _learning.Integrate(_elements[j], updates[j], _free[a] - _free[b], _clamped[a] - _clamped[b], dt);
            }
            (_free, freeNext) = (freeNext, _free);
            (_clamped, clampedNext) = (clampedNext, _clamped);
        }
        Step++;
        return Task.FromResult(before);
    }

    /// <summary>
    /// A training step's Euler substeps for this ratio of time scales: at most half a relaxation
    /// time each, so every node moves by <c>Damping</c> (at most 1/2) of its local correction per
    /// substep, and every edge integrates over <c>Dt</c> of the step. The actors tick the same way.
    /// </summary>
    public static (int Substeps, double Dt, double Damping) Discretise(double timescaleRatio)
    {
        var substeps = (int)Math.Ceiling(2 * timescaleRatio);
        var dt = 1.0 / substeps;
        return (substeps, dt, timescaleRatio * dt);
    }

    /// <summary>One damped Jacobi step of every free node (and, in the clamped twin, not the outputs) into <paramref name="next"/>.</summary>
    private void Relax(double[] voltages, double[] next, double omega, bool clampedOutputs)
    {
        var (current, conductance) = (_current, _conductance);
        Array.Clear(current);
        Array.Clear(conductance);
        for (var j = 0; j < _elements.Length; j++)
        {
            var (a, b) = (_from[j], _to[j]);
            if (_elements[j].LinearConductance is { } k)
            {
                var flow = k * (voltages[a] - voltages[b]);
                current[a] -= flow;
                current[b] += flow;
                conductance[a] += k;
                conductance[b] += k;
                continue;
            }
            var r = _elements[j].Respond(voltages[a], voltages[b]);
            current[a] -= r.Current;
            current[b] += r.Current;
            conductance[a] += r.DCurrentDVa;
            conductance[b] -= r.DCurrentDVb;
        }
        voltages.CopyTo(next, 0);
        for (var i = 0; i < voltages.Length; i++)
            if (!_held[i] && conductance[i] > 0 && !(clampedOutputs && _isOutput[i]))
                next[i] = voltages[i] + omega * current[i] / conductance[i];
    }

    private FreeMeasurement Measure(double[] inputs)
    {
        _settled.SetElements(_elements);
        var state = _settled.Solve(_network.HeldVoltages(_inputs, inputs));
        return new FreeMeasurement(_outputs.Select(o => state.Voltages[o]).ToArray(), state.Power);
    }

    public Task ApplyAccumulatedAsync(CancellationToken cancellation) => Task.CompletedTask;

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => Task.FromResult(_elements.ToArray());

    /// <summary>Both twins' present voltages: with the elements, the whole state of the dynamics.</summary>
    public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) =>
        Task.FromResult<SettledVoltages?>(new SettledVoltages(_free.ToArray(), _clamped.ToArray()));

    public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        elements.CopyTo(_elements, 0);
        Step = step;
        if (voltages is not null && voltages.Free.Length == _free.Length)
            (_free, _clamped) = (voltages.Free.ToArray(), voltages.Clamped.ToArray());
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
