namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Improves a vertex separator by Fiduccia-Mattheyses passes: move a separator vertex into one
/// side, pulling its neighbours on the other side into the separator; the gain is its weight minus
/// theirs. Moves are made greedily, bad ones included (to climb out of local minima), and the pass
/// is rolled back to the best state it saw. Sides may not exceed a fixed share of the total weight.
/// </summary>
/// <remarks>Labels: 0 and 1 are the two sides, 2 the separator; no edge may join side 0 to side 1.</remarks>
internal sealed class SeparatorRefinement : IDisposable
{
    public const int Separator = 2;

    /// <summary>Heaviest a side may be, as a share of the total weight (the looser, the smaller the separators).</summary>
    public const double MaxSideShare = 0.6;

    private const int MaxPasses = 8;

    private WeightedGraph _graph = null!;
    private int[] _side = [];
    private readonly int[] _sideWeight = new int[3];
    private int _maxSide;
    private readonly int[] _towardZero, _towardOne; // separator vertex: weight of its neighbours on side 0 / side 1
    private readonly IndexedMaxHeap _intoZero, _intoOne;
    private readonly int[] _lockedInPass;            // the pass (numbered from 1) in which a vertex was moved
    private int _passNumber;
    private readonly List<(int Vertex, int From)> _log = [];

    /// <summary>Working storage for graphs of up to <paramref name="capacity"/> vertices, reused level after level.</summary>
    public SeparatorRefinement(int capacity)
    {
        _towardZero = IntPool.Rent(capacity);
        _towardOne = IntPool.Rent(capacity);
        _intoZero = new IndexedMaxHeap(capacity);
        _intoOne = new IndexedMaxHeap(capacity);
        _lockedInPass = IntPool.Rent(capacity);
    }

    public void Dispose()
    {
        IntPool.Return(_towardZero);
        IntPool.Return(_towardOne);
        IntPool.Return(_lockedInPass);
        _intoZero.Dispose();
        _intoOne.Dispose();
    }

    /// <summary>Refines <paramref name="side"/> in place; returns the separator's weight.</summary>
    public int Refine(WeightedGraph graph, int[] side)
    {
        _graph = graph;
        _side = side;
        Array.Clear(_sideWeight);
        for (var v = 0; v < graph.VertexCount; v++) _sideWeight[side[v]] += graph.VertexWeights[v];
        _maxSide = (int)(MaxSideShare * graph.TotalWeight);
        Array.Clear(_lockedInPass, 0, graph.VertexCount);
        _passNumber = 0;
        for (var pass = 0; pass < MaxPasses; pass++)
            if (!Pass(pass)) break;
        return _sideWeight[Separator];
    }

    /// <summary>Weight of the separator and how unbalanced the sides are, for comparing separators.</summary>
    public static (int Separator, int Imbalance, bool Balanced) Score(WeightedGraph graph, int[] side)
    {
        Span<int> weight = stackalloc int[3];
        for (var v = 0; v < graph.VertexCount; v++) weight[side[v]] += graph.VertexWeights[v];
        var max = (int)(MaxSideShare * graph.TotalWeight);
        return (weight[2], Math.Abs(weight[0] - weight[1]), Math.Max(weight[0], weight[1]) <= max);
    }

    public static bool Better((int Separator, int Imbalance, bool Balanced) a, (int Separator, int Imbalance, bool Balanced) b)
    {
        if (a.Balanced != b.Balanced) return a.Balanced;
        if (!a.Balanced) return a.Imbalance < b.Imbalance;
        return a.Separator < b.Separator || (a.Separator == b.Separator && a.Imbalance < b.Imbalance);
    }

    private (int Separator, int Imbalance, bool Balanced) Current =>
        (_sideWeight[2], Math.Abs(_sideWeight[0] - _sideWeight[1]), Math.Max(_sideWeight[0], _sideWeight[1]) <= _maxSide);

    /// <summary>One FM pass; true when it improved the separator.</summary>
    private bool Pass(int pass)
    {
        var (start, neighbours, weights) = (_graph.Start, _graph.Neighbours, _graph.VertexWeights);
        var n = _graph.VertexCount;
        _passNumber++;
        _intoZero.Clear();
        _intoOne.Clear();
        _log.Clear();
        for (var v = 0; v < n; v++)
            if (_side[v] == Separator) Enqueue(v);

        var best = Current;
        var initial = best;
        var bestLength = 0;
        var badMoves = 0;
        var patience = Math.Clamp(n / 100, 25, 150);
        while (_intoZero.Count > 0 || _intoOne.Count > 0)
        {
            int to;
            if (_intoZero.Count == 0) to = 1;
            else if (_intoOne.Count == 0) to = 0;
            else if (_intoZero.TopKey != _intoOne.TopKey) to = _intoZero.TopKey > _intoOne.TopKey ? 0 : 1;
            else to = _sideWeight[0] != _sideWeight[1] ? (_sideWeight[0] < _sideWeight[1] ? 0 : 1) : pass % 2;
            var queue = to == 0 ? _intoZero : _intoOne;
            var otherQueue = to == 0 ? _intoOne : _intoZero;
            if (_sideWeight[to] + weights[queue.Top] > _maxSide && otherQueue.Count > 0)
            {
                to = 1 - to;
                (queue, otherQueue) = (otherQueue, queue);
            }
            var v = queue.Top;
            queue.Remove(v);
            if (otherQueue.Contains(v)) otherQueue.Remove(v);
            _lockedInPass[v] = _passNumber;
            MoveOutOfSeparator(v, to, start, neighbours, weights);

            var now = Current;
            if (Better(now, best))
            {
                best = now;
                bestLength = _log.Count;
                badMoves = 0;
            }
            else if (++badMoves > patience) break;
        }

        for (var k = _log.Count - 1; k >= bestLength; k--)
        {
            var (vertex, from) = _log[k];
            _sideWeight[_side[vertex]] -= weights[vertex];
            _sideWeight[from] += weights[vertex];
            _side[vertex] = from;
        }
        return Better(best, initial);
    }

    private void MoveOutOfSeparator(int v, int to, int[] start, int[] neighbours, int[] weights)
    {
        var other = 1 - to;
        _log.Add((v, Separator));
        _side[v] = to;
        _sideWeight[Separator] -= weights[v];
        _sideWeight[to] += weights[v];
        for (var p = start[v]; p < start[v + 1]; p++)
        {
            var k = neighbours[p];
            if (_side[k] == Separator)
            {
                // k now has one more neighbour on side `to`: moving k to `other` would pull v back in.
                AddToward(k, to, weights[v]);
            }
            else if (_side[k] == other)
            {
                // Pulled into the separator to keep the sides apart.
                _log.Add((k, other));
                _side[k] = Separator;
                _sideWeight[other] -= weights[k];
                _sideWeight[Separator] += weights[k];
                for (var q = start[k]; q < start[k + 1]; q++)
                    if (_side[neighbours[q]] == Separator) AddToward(neighbours[q], other, -weights[k]);
                if (_lockedInPass[k] != _passNumber) Enqueue(k);
            }
        }
    }

    /// <summary>Computes a separator vertex's neighbour weights on each side and queues both moves.</summary>
    private void Enqueue(int v)
    {
        var (start, neighbours, weights) = (_graph.Start, _graph.Neighbours, _graph.VertexWeights);
        int zero = 0, one = 0;
        for (var p = start[v]; p < start[v + 1]; p++)
        {
            var s = _side[neighbours[p]];
            if (s == 0) zero += weights[neighbours[p]];
            else if (s == 1) one += weights[neighbours[p]];
        }
        _towardZero[v] = zero;
        _towardOne[v] = one;
        _intoZero.Insert(v, weights[v] - one);
        _intoOne.Insert(v, weights[v] - zero);
    }

    private void AddToward(int v, int side, int weight)
    {
        var w = _graph.VertexWeights[v];
        if (side == 0)
        {
            _towardZero[v] += weight;
            if (_intoOne.Contains(v)) _intoOne.Update(v, w - _towardZero[v]);
        }
        else
        {
            _towardOne[v] += weight;
            if (_intoZero.Contains(v)) _intoZero.Update(v, w - _towardOne[v]);
        }
    }
}
