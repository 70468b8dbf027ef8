using System.Globalization;
using Clln.Core.Elements;
using Clln.Core.Model;
using Clln.Core.Solving.Newton;

namespace Clln.Core.Solving;

/// <summary>
/// Kirchhoff equilibrium of a network with nonlinear edges (transistors, alone or mixed with
/// resistors) for a fixed set of held nodes, by damped Newton iterations on the free nodes' net
/// currents. Each step solves J dV = -r with the Jacobian J built from every element's two
/// partial derivatives; the step is capped at <see cref="MaxStepVolts"/> and shortened by
/// backtracking until the scaled residual falls (Armijo).
/// </summary>
/// <remarks>
/// <para>
/// J is not symmetric (a transistor's dI/dV_a differs from -dI/dV_b), but its columns are
/// diagonally dominant (see <see cref="Transistor"/>): an M-matrix. Up to
/// <see cref="DenseThreshold"/> free nodes a dense LU solves it; above, restarted GMRES
/// preconditioned by the sparse Cholesky factor of the Laplacian weighted with each edge's mean
/// conductance (the existing <see cref="LinearEquilibriumSolver"/>), which is close to J.
/// </para>
/// <para>
/// The start is the equilibrium of a linear stand-in (each transistor a resistor of its ohmic
/// conductance at the mean held voltage) unless the caller passes one (a warm start). The solve
/// stops when a full Newton step moves no node more than <see cref="StepTolerance"/>: the step
/// is then applied, leaving an error of the order of its square. Without a subthreshold leak a
/// node whose transistors are all cut off has no defined voltage: that, and a failure to
/// converge, is a <see cref="NoEquilibriumException"/> naming a node, never a silent answer.
/// </para>
/// </remarks>
public sealed class NewtonEquilibriumSolver : IEquilibriumSolver
{
    /// <summary>Free nodes up to which the dense LU is used; GMRES above.</summary>
    public const int DenseThreshold = 300;

    public const int MaxIterations = 100;

    /// <summary>
    /// Volts: the largest change a Newton step may make at any node at once (far from the answer
    /// the linearisation misleads; across a subthreshold leak's 0.1 V per decade, 0.25 V is a
    /// factor of about 300 in conductance, which the next step can still correct).
    /// </summary>
    public const double MaxStepVolts = 0.25;

    /// <summary>Volts: a full Newton step this small ends the solve (the error left is about its square).</summary>
    public const double StepTolerance = 1e-12;

    /// <summary>Volts: with the net currents at their rounding floor, a Newton step this small (rounding noise through small conductances) ends the solve too.</summary>
    private const double FloorStep = 1e-6;

    private readonly Network _network;
    private readonly bool[] _held;
    private readonly int[] _freeIndex;   // node -> row, or -1 when held
    private readonly int[] _freeNodes;   // row -> node
    private readonly bool _dense;
    private readonly DenseLu? _lu;
    private readonly LinearEquilibriumSolver? _surrogate; // the linear stand-in: start, and the GMRES preconditioner
    private IEdgeElement[] _elements;

    // Per edge at the present iterate: current and the two partial derivatives.
    private readonly double[] _current, _dIdVa, _dIdVb;
    private readonly double[] _floor; // per free node: the size of the terms its net current sums

    public NewtonEquilibriumSolver(Network network, bool[] held) : this(network, held, DenseThreshold) { }

    /// <summary>With another dense threshold, so tests can drive both linear solvers on one network.</summary>
    internal NewtonEquilibriumSolver(Network network, bool[] held, int denseThreshold)
    {
        if (held.Length != network.NodeCount)
            throw new ArgumentException("one flag per node expected", nameof(held));
        _network = network;
        _held = held;
        (_freeIndex, _freeNodes) = FreeNodeNumbering.Number(held);
        _elements = network.Edges.Select(e => e.Element).ToArray();
        _current = new double[network.EdgeCount];
        _dIdVa = new double[network.EdgeCount];
        _dIdVb = new double[network.EdgeCount];
        _floor = new double[network.NodeCount];
        _dense = _freeNodes.Length <= denseThreshold;
        if (_freeNodes.Length == 0) return;
        if (_dense) _lu = new DenseLu(_freeNodes.Length);
        _surrogate = new LinearEquilibriumSolver(network.WithElements(network.Edges.Select(_ => (IEdgeElement)new Resistor(1)).ToArray()), held);
    }

    /// <summary>For the network's own held nodes.</summary>
    public NewtonEquilibriumSolver(Network network) : this(network, network.Nodes.Select(n => n.IsHeld).ToArray()) { }

    public int FreeNodeCount => _freeNodes.Length;

    /// <summary>Newton iterations the last solve took.</summary>
    public int Iterations { get; private set; }

    /// <summary>New elements, one per edge (after a learning step).</summary>
    public void SetElements(IReadOnlyList<IEdgeElement> elements)
    {
        if (elements.Count != _elements.Length)
            throw new ArgumentException($"expected {_elements.Length} elements, got {elements.Count}", nameof(elements));
        _elements = elements.ToArray();
    }

    /// <summary>Node voltages for the given held voltages (anything at free nodes is ignored).</summary>
    /// <param name="start">Starting voltages for the free nodes (a warm start); empty for the linear stand-in's.</param>
    public double[] SolveVoltages(ReadOnlySpan<double> heldVoltages, ReadOnlySpan<double> start = default)
    {
        var v = new double[_network.NodeCount];
        for (var i = 0; i < v.Length; i++)
            if (_held[i]) v[i] = heldVoltages[i];
        Iterations = 0;
        if (_freeNodes.Length == 0) return v;
        var warm = start.Length == v.Length;
        foreach (var i in _freeNodes) warm &= double.IsFinite(start.Length == v.Length ? start[i] : double.NaN);
        if (warm)
            foreach (var i in _freeNodes) v[i] = start[i];
        else
            StartFromStandIn(v, heldVoltages);

        var start0 = v.ToArray();
        var converged = Iterate(v, null, 0, MaxIterations) || Continuation(v, start0);
        // Every element carries current from its higher terminal to its lower one, so no free
        // node lies outside the held voltages' range: a node out there is a leak-bound group the
        // iterations left behind. Bring the free nodes into the range and iterate once more.
        var (lowest, highest) = HeldRange(heldVoltages);
        if (_freeNodes.Any(i => v[i] < lowest - 1e-9 || v[i] > highest + 1e-9))
        {
            foreach (var i in _freeNodes) v[i] = Math.Clamp(v[i], lowest, highest);
            converged = Iterate(v, null, 0, MaxIterations) || Continuation(v, v.ToArray());
        }
        // What is left outside is rounding at nodes that only leaks hold: the range is exact.
        foreach (var i in _freeNodes) v[i] = Math.Clamp(v[i], lowest, highest);
        var residual = new double[_freeNodes.Length];
        Evaluate(v, residual, null, 0);
        CheckDetermined();
        // Islands joined to the rest only through leaks of 1e-20 S have voltages that double
        // precision cannot resolve (their net current is lost in the rounding of the large
        // currents inside them); when Newton and the continuation both stall there, a node's net
        // current is accepted below 1e-10 of the largest current, or at the rounding of the terms
        // it sums: a node held by millisiemens edges that carry picoamperes (transistors at
        // nearly no drop) comes no closer than a few ulps of voltage to its balance.
        var largestCurrent = _current.Max(Math.Abs);
        if (!converged && Enumerable.Range(0, residual.Length).All(r => Math.Abs(residual[r]) <= Math.Max(1e-10 * largestCurrent, RoundingOf(r)))) converged = true;
        if (!converged)
        {
            var worst = Enumerable.Range(0, residual.Length).MaxBy(r => Math.Abs(residual[r]));
            throw new NoEquilibriumException(
                $"no equilibrium: Newton's method did not converge in {Iterations} iterations (a net current of {Format(Math.Abs(residual[worst]))} A still leaves node '{_network.Nodes[_freeNodes[worst]].Name}')");
        }
        return v;
    }

    private (double Lowest, double Highest) HeldRange(ReadOnlySpan<double> heldVoltages)
    {
        var (lowest, highest) = (double.PositiveInfinity, double.NegativeInfinity);
        for (var i = 0; i < _held.Length; i++)
            if (_held[i]) (lowest, highest) = (Math.Min(lowest, heldVoltages[i]), Math.Max(highest, heldVoltages[i]));
        return (lowest, highest);
    }

    /// <summary>
    /// Damped Newton iterations from <paramref name="v"/> (changed in place). With a tie, every
    /// free node is also joined to its <paramref name="anchor"/> voltage by that conductance
    /// (the continuation's homotopy). True when a full step fell below <see cref="StepTolerance"/>
    /// (the step is applied) or every node's net current is down to the rounding of its currents.
    /// </summary>
    private bool Iterate(double[] v, double[]? anchor, double tie, int maxIterations)
    {
        var n = _freeNodes.Length;
        var residual = new double[n];
        var scale = new double[n];
        var step = new double[n];
        var trial = new double[v.Length];
        var trialResidual = new double[n];
        var (bestMerit, bestAt) = (double.PositiveInfinity, 0);
        for (var iteration = 1; iteration <= maxIterations; iteration++)
        {
            Iterations++;
            Evaluate(v, residual, anchor, tie);
            // At the rounding floor the residual says no more, but a large Newton step still
            // means something: a group of nodes joined to the rest only by tiny leaks, whose
            // common voltage their internal rounding hides, drifting toward its balance.
            var floor = AtRoundingFloor(residual);
            Scales(scale, tie);
            var merit = Merit(residual, scale);
            // Stagnation (no halving of the residual in 12 steps): leave it to the continuation.
            if (merit < 0.5 * bestMerit) (bestMerit, bestAt) = (merit, iteration);
            else if (iteration - bestAt >= 12) return false;
            NewtonStep(residual, scale, tie, step);
            var largest = step.Max(Math.Abs);
            if (!double.IsFinite(largest)) return floor;
            if (largest <= StepTolerance || (floor && largest <= FloorStep))
            {
                for (var r = 0; r < n; r++) v[_freeNodes[r]] += step[r];
                return true;
            }
            // Each node's move is capped on its own (SPICE limits each junction the same way): a
            // node stranded on a leak's flat tail asks for an enormous step, which must not
            // shrink every other node's well-founded one.
            for (var r = 0; r < n; r++) step[r] = Math.Clamp(step[r], -MaxStepVolts, MaxStepVolts);

            // Backtracking: halve until the scaled residual falls enough. When no trial falls,
            // take the whole (capped) step: a node on a flat stretch, whose own current does not
            // depend on it (the drain of saturated transistors above every gate), must cross it
            // before anything improves, and the next linearisation sees the other side.
            var bestT = 1.0;
            for (var (t, halvings) = (1.0, 0); halvings <= 30; t *= 0.5, halvings++)
            {
                Array.Copy(v, trial, v.Length);
                for (var r = 0; r < n; r++) trial[_freeNodes[r]] += t * step[r];
                Evaluate(trial, trialResidual, anchor, tie);
                if (Merit(trialResidual, scale) <= (1 - 1e-4 * t) * merit)
                {
                    bestT = t;
                    break;
                }
            }
            for (var r = 0; r < n; r++) v[_freeNodes[r]] += bestT * step[r];
        }
        return false;
    }

    /// <summary>
    /// When plain Newton fails (exponential leaks far below threshold can send its steps astray),
    /// conductance continuation, SPICE's gmin stepping: tie every free node to its starting
    /// voltage by a conductance large enough that the problem is nearly linear, solve, and
    /// loosen the tie tenfold at a time (more gently after a failed stage), trying the untied
    /// problem from each solution. The tied networks stay M-functions, so each has one solution
    /// and the path to the untied one is continuous.
    /// </summary>
    private bool Continuation(double[] v, double[] start)
    {
        var anchor = start;
        var residual = new double[_freeNodes.Length];
        Evaluate(anchor, residual, null, 0);
        var tie = 10 * Math.Max(_dIdVa.Concat(_dIdVb).Max(Math.Abs), 1e-12);
        var solved = anchor.ToArray();
        var factor = 10.0;
        var lastTie = double.NaN;
        var loosest = 1e-30 * tie;
        for (var stage = 0; stage < 200 && factor > 1.01 && tie > loosest; stage++)
        {
            var attempt = solved.ToArray();
            if (!Iterate(attempt, anchor, tie, 40))
            {
                if (double.IsNaN(lastTie)) return false;
                factor = Math.Sqrt(factor);
                tie = lastTie / factor;
                continue;
            }
            (solved, lastTie) = (attempt, tie);
            // Once the tie's current is down to rounding everywhere, the tied solution is the untied one.
            Evaluate(attempt, residual, null, 0);
            if (AtRoundingFloor(residual))
            {
                Array.Copy(attempt, v, v.Length);
                return true;
            }
            var untied = attempt.ToArray();
            if (Iterate(untied, null, 0, 8))
            {
                Array.Copy(untied, v, v.Length);
                return true;
            }
            tie /= factor;
        }
        Array.Copy(solved, v, v.Length); // the best it reached, for the caller to judge
        return false;
    }

    /// <summary>The equilibrium for the given held voltages.</summary>
    public Equilibrium Solve(ReadOnlySpan<double> heldVoltages, ReadOnlySpan<double> start) =>
        Equilibrium.FromVoltages(_network.WithElements(_elements), SolveVoltages(heldVoltages, start));

    /// <summary>The equilibrium for the given held voltages, from the linear stand-in's start.</summary>
    public Equilibrium Solve(ReadOnlySpan<double> heldVoltages) => Solve(heldVoltages, default);

    /// <summary>
    /// Currents and derivatives of every edge at <paramref name="v"/>; the net current out of each
    /// free node (plus the tie's current to its anchor), and the rounding floor of that sum.
    /// </summary>
    private void Evaluate(double[] v, double[] residual, double[]? anchor, double tie)
    {
        Array.Clear(residual);
        Array.Clear(_floor);
        var edges = _network.Edges;
        for (var j = 0; j < edges.Count; j++)
        {
            var (a, b) = (edges[j].From, edges[j].To);
            var response = a == b ? default : _elements[j].Respond(v[a], v[b]);
            (_current[j], _dIdVa[j], _dIdVb[j]) = (response.Current, response.DCurrentDVa, response.DCurrentDVb);
            // A current is a difference of terms of about g (1 V + |V_a| + |V_b|): its rounding.
            var rounding = (Math.Abs(response.DCurrentDVa) + Math.Abs(response.DCurrentDVb)) * (1 + Math.Abs(v[a]) + Math.Abs(v[b])) + Math.Abs(response.Current);
            if (_freeIndex[a] >= 0)
            {
                residual[_freeIndex[a]] += response.Current;
                _floor[_freeIndex[a]] += rounding;
            }
            if (_freeIndex[b] >= 0)
            {
                residual[_freeIndex[b]] -= response.Current;
                _floor[_freeIndex[b]] += rounding;
            }
        }
        if (tie > 0)
            for (var r = 0; r < residual.Length; r++)
            {
                var i = _freeNodes[r];
                residual[r] += tie * (v[i] - anchor![i]);
                _floor[r] += tie * (Math.Abs(v[i]) + Math.Abs(anchor[i]));
            }
    }

    /// <summary>True when no node's net current exceeds what rounding its currents leaves (16 ulps of their terms).</summary>
    private bool AtRoundingFloor(double[] residual)
    {
        for (var r = 0; r < residual.Length; r++)
            if (Math.Abs(residual[r]) > RoundingOf(r)) return false;
        return true;
    }

    /// <summary>The net current free node <paramref name="r"/> cannot resolve: the rounding of the terms it sums.</summary>
    private double RoundingOf(int r) => 16 * Ulp * _floor[r];

    /// <summary>Each free node's mean conductance (siemens), so that residual / scale is a local correction in volts.</summary>
    private void Scales(double[] scale, double tie)
    {
        Array.Fill(scale, tie);
        var edges = _network.Edges;
        for (var j = 0; j < edges.Count; j++)
        {
            var g = 0.5 * (Math.Abs(_dIdVa[j]) + Math.Abs(_dIdVb[j]));
            if (_freeIndex[edges[j].From] >= 0) scale[_freeIndex[edges[j].From]] += g;
            if (_freeIndex[edges[j].To] >= 0) scale[_freeIndex[edges[j].To]] += g;
        }
        var floor = Math.Max(scale.Max() * 1e-30, double.Epsilon);
        for (var r = 0; r < scale.Length; r++) scale[r] = Math.Max(scale[r], floor);
    }

    private static double Merit(double[] residual, double[] scale)
    {
        var sum = 0.0;
        for (var r = 0; r < residual.Length; r++) sum += residual[r] / scale[r] * (residual[r] / scale[r]);
        return sum;
    }

    /// <summary>
    /// step = -J^-1 r. Where a node's own conductance is exactly zero (every transistor at it
    /// closed at its end, possible only without a leak) a tiny one (1e-14 of the largest) stands
    /// in on the diagonal, so the node stays put instead of making J singular; every other row is
    /// J's own, so Newton converges quadratically even through exponentially small leaks.
    /// Each row is divided by its node's conductance scale first: LU and GMRES are accurate
    /// relative to the whole matrix, and a node behind a leak of 1e-9 S would otherwise see its
    /// Kirchhoff balance drowned in the rounding of nodes conducting 1e-3 S.
    /// </summary>
    private void NewtonStep(double[] residual, double[] scale, double tie, double[] step)
    {
        var n = _freeNodes.Length;
        var edges = _network.Edges;
        var largest = 0.0;
        for (var j = 0; j < edges.Count; j++) largest = Math.Max(largest, Math.Max(_dIdVa[j], -_dIdVb[j]));
        var regularisation = 1e-14 * largest + double.Epsilon;
        if (_dense)
        {
            var m = _lu!.Matrix;
            m.Clear();
            for (var r = 0; r < n; r++) m[r * n + r] = tie;
            for (var j = 0; j < edges.Count; j++)
            {
                var (fa, fb) = (_freeIndex[edges[j].From], _freeIndex[edges[j].To]);
                if (fa >= 0 && fa == fb) continue;
                // Row a: +I, row b: -I; column a: dI/dVa, column b: dI/dVb.
                if (fa >= 0) m[fa * n + fa] += _dIdVa[j];
                if (fb >= 0) m[fb * n + fb] -= _dIdVb[j];
                if (fa >= 0 && fb >= 0)
                {
                    m[fa * n + fb] += _dIdVb[j];
                    m[fb * n + fa] -= _dIdVa[j];
                }
            }
            for (var r = 0; r < n; r++)
            {
                if (m[r * n + r] == 0) m[r * n + r] = regularisation;
                var inverse = 1.0 / scale[r];
                for (var c = 0; c < n; c++) m[r * n + c] *= inverse;
            }
            if (!_lu.Factorize())
            {
                Array.Fill(step, double.NaN);
                return;
            }
            for (var r = 0; r < n; r++) step[r] = -residual[r] / scale[r];
            _lu.Solve(step, step);
            return;
        }
        // Large: GMRES on J, preconditioned by the Laplacian of each edge's mean conductance.
        var conductances = new double[edges.Count];
        for (var j = 0; j < edges.Count; j++) conductances[j] = Math.Max(0.5 * (_dIdVa[j] - _dIdVb[j]), 1e-9 * largest + double.Epsilon);
        _surrogate!.SetConductances(conductances);
        var diagonal = new double[n];
        for (var j = 0; j < edges.Count; j++)
        {
            var (fa, fb) = (_freeIndex[edges[j].From], _freeIndex[edges[j].To]);
            if (fa >= 0 && fa == fb) continue;
            if (fa >= 0) diagonal[fa] += _dIdVa[j];
            if (fb >= 0) diagonal[fb] -= _dIdVb[j];
        }
        var stand = diagonal.Select(d => d == 0 && tie == 0 ? regularisation : tie).ToArray();
        var rhs = residual.Select((x, r) => -x / scale[r]).ToArray();
        var unscaled = new double[n];
        void Apply(double[] x, double[] y)
        {
            ApplyJacobian(x, y, stand);
            for (var r = 0; r < n; r++) y[r] /= scale[r];
        }
        void Precondition(double[] x, double[] y)
        {
            for (var r = 0; r < n; r++) unscaled[r] = x[r] * scale[r];
            _surrogate.SolveFreeBlock(unscaled, y);
        }
        Gmres.Solve(n, Apply, Precondition, rhs, step,
            tolerance: 1e-11, restart: 60, maxIterations: 1200);
    }

    /// <summary>y = (J + diag(stand)) x, edge by edge.</summary>
    private void ApplyJacobian(double[] x, double[] y, double[] stand)
    {
        for (var r = 0; r < y.Length; r++) y[r] = stand[r] * x[r];
        var edges = _network.Edges;
        for (var j = 0; j < edges.Count; j++)
        {
            var (fa, fb) = (_freeIndex[edges[j].From], _freeIndex[edges[j].To]);
            if (fa >= 0 && fa == fb) continue;
            var change = (fa >= 0 ? _dIdVa[j] * x[fa] : 0) + (fb >= 0 ? _dIdVb[j] * x[fb] : 0);
            if (fa >= 0) y[fa] += change;
            if (fb >= 0) y[fb] -= change;
        }
    }

    /// <summary>
    /// The linear stand-in's equilibrium: each transistor a resistor of its ohmic conductance at
    /// the mean held voltage (at least that of 50 mV of overdrive), every linear edge itself.
    /// </summary>
    private void StartFromStandIn(double[] v, ReadOnlySpan<double> heldVoltages)
    {
        var sum = 0.0;
        var count = 0;
        for (var i = 0; i < v.Length; i++)
            if (_held[i]) (sum, count) = (sum + heldVoltages[i], count + 1);
        var mean = count > 0 ? sum / count : 0;
        var conductances = _elements.Select(e => e switch
        {
            { LinearConductance: { } k } => k,
            Transistor t => t.K * Math.Max(t.Overdrive - mean, 0.05),
            _ => Math.Max(Math.Abs(e.Respond(mean + 0.05, mean - 0.05).Current) / 0.1, 1e-12),
        }).ToArray();
        _surrogate!.SetConductances(conductances);
        var standIn = _surrogate.SolveVoltages(heldVoltages);
        foreach (var i in _freeNodes) v[i] = standIn[i];
    }

    /// <summary>
    /// Throws when some free node's voltage is not fixed by Kirchhoff's law at this point: its own
    /// conductance is zero (every transistor at it closed at its end), or it conducts only within
    /// a group that touches no held node through a conducting edge.
    /// </summary>
    private void CheckDetermined()
    {
        var edges = _network.Edges;
        var own = new double[_network.NodeCount];
        var parent = Enumerable.Range(0, _network.NodeCount).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        for (var j = 0; j < edges.Count; j++)
        {
            var (a, b) = (edges[j].From, edges[j].To);
            if (a == b) continue;
            own[a] += _dIdVa[j];
            own[b] -= _dIdVb[j];
            if (_dIdVa[j] > 0 || _dIdVb[j] < 0) parent[Find(a)] = Find(b);
        }
        var anchored = new bool[_network.NodeCount];
        for (var i = 0; i < anchored.Length; i++)
            if (_held[i]) anchored[Find(i)] = true;
        foreach (var i in _freeNodes)
        {
            if (own[i] > 0 && anchored[Find(i)]) continue;
            var why = own[i] > 0
                ? "it conducts only within a group of free nodes that no conducting edge joins to a held node"
                : "every transistor at it is cut off at its end, so no current depends on it";
            throw new NoEquilibriumException(
                $"no unique equilibrium: node '{_network.Nodes[i].Name}' has no defined voltage: {why} (give the transistors a subthreshold_swing, or raise their gates)");
        }
    }

    private const double Ulp = 1.1102230246251565e-16; // 2^-53, the unit roundoff

    private static string Format(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
