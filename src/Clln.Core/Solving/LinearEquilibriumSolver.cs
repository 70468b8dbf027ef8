using Clln.Core.Model;

namespace Clln.Core.Solving;

/// <summary>
/// Kirchhoff equilibrium of a linear network for a fixed set of held nodes: the free nodes solve
/// L_ff V_f = -L_fh V_h, with L the weighted graph Laplacian. The sparsity pattern and ordering are
/// analysed once; <see cref="SetConductances"/> refactorizes for new conductances (a learning step)
/// and <see cref="Solve"/> takes new held voltages (a new sample) at the cost of two triangular solves.
/// </summary>
public sealed class LinearEquilibriumSolver : IEquilibriumSolver
{
    /// <summary>
    /// Up to this many free nodes a dense factor is used. Measured on lattices: the sparse factor
    /// refactorizes faster from about 35 free nodes and is built faster from about 60.
    /// </summary>
    public const int DenseThreshold = 48;

    private readonly Network _network;
    private readonly bool[] _held;
    private readonly int[] _freeIndex;     // node -> row among free nodes, or -1
    private readonly int[] _freeNodes;     // row -> node
    private readonly int[] _rowStart;
    private readonly int[] _columns;
    private readonly double[] _values;
    private readonly EdgeSlots[] _slots;   // where each edge's conductance lands in _values
    private readonly ISpdFactorization? _factor;
    private double[] _conductances;

    /// <summary>Positions in the value array touched by one edge; -1 where an end is held.</summary>
    private readonly record struct EdgeSlots(int FromFrom, int ToTo, int FromTo, int ToFrom);

    public LinearEquilibriumSolver(Network network, bool[] held)
    {
        if (held.Length != network.NodeCount)
            throw new ArgumentException("one flag per node expected", nameof(held));
        _network = network;
        _held = held;
        (_freeIndex, _freeNodes) = FreeNodeNumbering.Number(held);
        (_rowStart, _columns) = BuildPattern();
        _values = new double[_columns.Length];
        _slots = network.Edges.Select(e => SlotsOf(e.From, e.To)).ToArray();
        if (_freeNodes.Length > 0)
            _factor = _freeNodes.Length <= DenseThreshold
                ? new DenseCholesky(_freeNodes.Length, _rowStart, _columns)
                : SparseCholesky.Analyze(_freeNodes.Length, _rowStart, _columns);
        _conductances = network.Edges.Select(e => e.Element.LinearConductance
            ?? throw new ArgumentException($"edge '{e.Name}' is not linear", nameof(network))).ToArray();
        Refactorize();
    }

    /// <summary>For the network's own held nodes.</summary>
    public LinearEquilibriumSolver(Network network) : this(network, network.Nodes.Select(n => n.IsHeld).ToArray()) { }

    public int FreeNodeCount => _freeNodes.Length;

    /// <summary>New conductances (siemens, one per edge): refactorizes.</summary>
    public void SetConductances(ReadOnlySpan<double> conductances)
    {
        _conductances = conductances.ToArray();
        Refactorize();
    }

    /// <summary>New linear elements, one per edge: their conductances, refactorized.</summary>
    public void SetElements(IReadOnlyList<Elements.IEdgeElement> elements) =>
        SetConductances(elements.Select((e, j) => e.LinearConductance
            ?? throw new ArgumentException($"edge '{_network.Edges[j].Name}' is not linear", nameof(elements))).ToArray());

    /// <summary>Node voltages for the given held voltages (NaN or anything at free nodes is ignored).</summary>
    public double[] SolveVoltages(ReadOnlySpan<double> heldVoltages)
    {
        var voltages = new double[_network.NodeCount];
        for (var i = 0; i < voltages.Length; i++)
            if (_held[i]) voltages[i] = heldVoltages[i];
        if (_factor is null) return voltages;

        var rhs = new double[_freeNodes.Length];
        var edges = _network.Edges;
        for (var j = 0; j < edges.Count; j++)
        {
            var (a, b) = (edges[j].From, edges[j].To);
            var k = _conductances[j];
            if (_freeIndex[a] >= 0 && _held[b]) rhs[_freeIndex[a]] += k * voltages[b];
            if (_freeIndex[b] >= 0 && _held[a]) rhs[_freeIndex[b]] += k * voltages[a];
        }
        var x = new double[rhs.Length];
        _factor.Solve(rhs, x);
        Refine(rhs, x);
        for (var r = 0; r < x.Length; r++) voltages[_freeNodes[r]] = x[r];
        return voltages;
    }

    /// <summary>
    /// Node potentials when currents <paramref name="injected"/> (amperes, one per node; ignored at
    /// held nodes) are driven into the free nodes with every held node grounded: L_ff x = I_f. The
    /// adjoint of a loss on the free voltages is such a state (<see cref="Learning.OutputLossGradient"/>).
    /// </summary>
    public double[] SolveInjected(ReadOnlySpan<double> injected)
    {
        var potentials = new double[_network.NodeCount];
        if (_factor is null) return potentials;
        var rhs = new double[_freeNodes.Length];
        for (var r = 0; r < rhs.Length; r++) rhs[r] = injected[_freeNodes[r]];
        var x = new double[rhs.Length];
        _factor.Solve(rhs, x);
        Refine(rhs, x);
        for (var r = 0; r < x.Length; r++) potentials[_freeNodes[r]] = x[r];
        return potentials;
    }

    /// <summary>Equilibrium with the given held voltages.</summary>
    public Equilibrium Solve(ReadOnlySpan<double> heldVoltages)
    {
        var voltages = SolveVoltages(heldVoltages);
        var currents = new double[_network.EdgeCount];
        var power = 0.0;
        for (var j = 0; j < currents.Length; j++)
        {
            var drop = voltages[_network.Edges[j].From] - voltages[_network.Edges[j].To];
            currents[j] = _conductances[j] * drop;
            power += currents[j] * drop;
        }
        return new Equilibrium(voltages, currents, power);
    }

    /// <summary>The network node of each row of the free-node block, for solvers that build on this factor.</summary>
    internal IReadOnlyList<int> FreeNodes => _freeNodes;

    /// <summary>Solves L_ff x = rhs (rows in <see cref="FreeNodes"/> order) with the present factor: the Newton solver's preconditioner.</summary>
    internal void SolveFreeBlock(double[] rhs, double[] x)
    {
        if (_factor is null) return;
        _factor.Solve(rhs, x);
    }

    /// <summary>One step of iterative refinement: the answer is then right to rounding, whatever the conditioning.</summary>
    private void Refine(double[] rhs, double[] x)
    {
        var residual = new double[rhs.Length];
        for (var r = 0; r < rhs.Length; r++)
        {
            var sum = rhs[r];
            for (var p = _rowStart[r]; p < _rowStart[r + 1]; p++) sum -= _values[p] * x[_columns[p]];
            residual[r] = sum;
        }
        var correction = new double[rhs.Length];
        _factor!.Solve(residual, correction);
        for (var r = 0; r < x.Length; r++) x[r] += correction[r];
    }

    private void Refactorize()
    {
        Array.Clear(_values);
        for (var j = 0; j < _slots.Length; j++)
        {
            var k = _conductances[j];
            var s = _slots[j];
            if (s.FromFrom >= 0) _values[s.FromFrom] += k;
            if (s.ToTo >= 0) _values[s.ToTo] += k;
            if (s.FromTo >= 0) _values[s.FromTo] -= k;
            if (s.ToFrom >= 0) _values[s.ToFrom] -= k;
        }
        _factor?.Factorize(_values);
    }

    private (int[] RowStart, int[] Columns) BuildPattern()
    {
        // Compressed rows of the free-node block: each row's diagonal and free neighbours, sorted,
        // parallel edges merged. Built by counting and sorting (one set per node costs too much
        // on 100,000-node lattices).
        var n = _freeNodes.Length;
        var count = new int[n + 1];
        foreach (var e in _network.Edges)
        {
            var (fa, fb) = (_freeIndex[e.From], _freeIndex[e.To]);
            if (fa < 0 || fb < 0 || fa == fb) continue;
            count[fa]++;
            count[fb]++;
        }
        var start = new int[n + 1];
        for (var r = 0; r < n; r++) start[r + 1] = start[r] + count[r] + 1;
        var entries = new int[start[n]];
        var next = new int[n];
        for (var r = 0; r < n; r++)
        {
            entries[start[r]] = r;
            next[r] = start[r] + 1;
        }
        foreach (var e in _network.Edges)
        {
            var (fa, fb) = (_freeIndex[e.From], _freeIndex[e.To]);
            if (fa < 0 || fb < 0 || fa == fb) continue;
            entries[next[fa]++] = fb;
            entries[next[fb]++] = fa;
        }
        var rowStart = new int[n + 1];
        var write = 0;
        for (var r = 0; r < n; r++)
        {
            Array.Sort(entries, start[r], start[r + 1] - start[r]);
            for (var p = start[r]; p < start[r + 1]; p++)
                if (p == start[r] || entries[p] != entries[p - 1]) entries[write++] = entries[p];
            rowStart[r + 1] = write;
        }
        return (rowStart, entries[..write]);
    }

    private EdgeSlots SlotsOf(int from, int to)
    {
        var (fa, fb) = (_freeIndex[from], _freeIndex[to]);
        if (fa >= 0 && fa == fb) return new EdgeSlots(-1, -1, -1, -1); // a self-loop carries no current
        return new EdgeSlots(
            fa >= 0 ? Position(fa, fa) : -1,
            fb >= 0 ? Position(fb, fb) : -1,
            fa >= 0 && fb >= 0 ? Position(fa, fb) : -1,
            fa >= 0 && fb >= 0 ? Position(fb, fa) : -1);
    }

    private int Position(int row, int column) =>
        _rowStart[row] + Array.BinarySearch(_columns, _rowStart[row], _rowStart[row + 1] - _rowStart[row], column) - _rowStart[row];
}
