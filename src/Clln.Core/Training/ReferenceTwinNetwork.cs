using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Model;
using Clln.Core.Solving;

namespace Clln.Core.Training;

/// <summary>
/// The reference trainer's network: the same twins, clamp and edge rules as the actors, but each
/// state is solved exactly by the reference solver (a direct solve for linear networks, Newton
/// from the same cold start every time for transistor and mixed ones, so a state depends only on
/// the elements and the voltages applied). The yardstick for the actor engine.
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
    private readonly IEquilibriumSolver _clamped;

    /// <param name="inputs">Indices of the input nodes, in task order.</param>
    /// <param name="outputs">Indices of the output nodes, in task order.</param>
    public ReferenceTwinNetwork(Network network, int[] inputs, int[] outputs, ILearningRule rule, double eta, UpdateClock clock)
        : this(new TwinSpec(network, inputs, outputs, EdgeLearning.Plain(rule, clock), eta))
    {
    }

    public ReferenceTwinNetwork(TwinSpec spec)
    {
        var (network, inputs, outputs, eta) = (spec.Network, spec.Inputs, spec.Outputs, spec.Eta);
        if (!(eta > 0 && eta <= 1)) throw new ArgumentOutOfRangeException(nameof(eta), eta, "the nudge eta must be in (0, 1]");
        _network = network;
        _inputs = inputs;
        _outputs = outputs;
        _learning = spec.Learning;
        _eta = eta;
        _elements = network.Edges.Select(e => e.Element).ToArray();
        var heldFree = network.Nodes.Select(n => n.IsHeld).ToArray();
        var heldClamped = heldFree.ToArray();
        foreach (var o in outputs) heldClamped[o] = true;
        _free = EquilibriumSolver.For(network, heldFree);
        _clamped = EquilibriumSolver.For(network, heldClamped);
        if (_learning.HasMismatch) Refactorize();
    }

    public long Step { get; private set; }

    public long Messages => 0;

    public long UncertifiedPhases => 0;

    public double LargestErrorBound => 0;

    public Task<FreeMeasurement> MeasureAsync(double[] inputs, CancellationToken cancellation) =>
        Task.FromResult(Measure(SolveFree(inputs)));

    public Task<FreeMeasurement> TrainStepAsync(double[] inputs, double[] targets, CancellationToken cancellation)
    {
        var free = SolveFree(inputs);
        var held = _network.HeldVoltages(_inputs, inputs);
        for (var o = 0; o < _outputs.Length; o++)
        {
            var vf = free.Voltages[_outputs[o]];
            held[_outputs[o]] = vf + _eta * (targets[o] - vf);
        }
        var clamped = _clamped.Solve(held);
        for (var j = 0; j < _elements.Length; j++)
        {
            var edge = _network.Edges[j];
            var freeDrop = free.Voltages[edge.From] - free.Voltages[edge.To];
            var clampedDrop = clamped.Voltages[edge.From] - clamped.Voltages[edge.To];
            _elements[j] = _learning.Tick(j, Step, _elements[j], freeDrop, clampedDrop);
        }
        Step++;
        Refactorize();
        return Task.FromResult(Measure(free));
    }

    public Task<IEdgeElement[]> ReadElementsAsync(CancellationToken cancellation) => Task.FromResult(_elements.ToArray());

    public Task<SettledVoltages?> CheckpointVoltagesAsync(CancellationToken cancellation) => Task.FromResult<SettledVoltages?>(null);

    public Task RestoreAsync(IEdgeElement[] elements, long step, SettledVoltages? voltages, CancellationToken cancellation)
    {
        elements.CopyTo(_elements, 0);
        Step = step;
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
        _clamped.SetElements(_learning.HasMismatch ? _elements.Select((e, j) => _learning.Clamped(j, e)).ToArray() : _elements);
    }
}
