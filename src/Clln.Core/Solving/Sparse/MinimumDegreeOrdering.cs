using System.Buffers;

namespace Clln.Core.Solving.Sparse;

/// <summary>
/// Approximate minimum degree ordering (after Amestoy, Davis and Duff, 1996): eliminate, again and
/// again, the vertex whose elimination would create the least fill, where "degree" is an upper
/// bound that is cheap to keep up to date.
/// </summary>
/// <remarks>
/// Elimination is simulated on the quotient graph, so storage never exceeds that of the original
/// graph (plus elbow room): an eliminated vertex becomes an <em>element</em> standing for the clique
/// its elimination would create. Each variable keeps a list of adjacent elements followed by a list
/// of adjacent variables. The tricks that make it fast: element absorption (an element contained in
/// the new one is dropped), indistinguishable variables merged into supervariables and eliminated
/// together, mass elimination of variables adjacent only to the new element, and the approximate
/// external degree computed from |Le \ Lp| for each adjacent element e. Ties go to the vertex most
/// recently put in its degree list, so the result is deterministic.
/// Optionally constrained (as in CAMD): each vertex belongs to a numbered set and sets are
/// eliminated in increasing order, minimum degree choosing only within the current set. Nested
/// dissection uses this to order its pieces while keeping every separator after its halves.
/// </remarks>
internal sealed class MinimumDegreeOrdering
{
    private enum State : byte { Variable, Element, Absorbed, Merged }

    private readonly int _n;
    private readonly State[] _state;
    private readonly int[] _listStart;   // where a node's list starts in _lists
    private readonly int[] _listLength;  // its length
    private readonly int[] _elementCount; // for a variable: how many leading entries of its list are elements
    private int[] _lists;
    private int _free;                   // first unused position in _lists

    private readonly int[] _weight;      // variable: number of original vertices it stands for; element: weight of its variables
    private readonly int[] _degree;      // variable: approximate external degree
    private readonly long[] _outside;    // element: |Le \ Lp| + _mark while pivot p is processed
    private long _mark = 1;

    private readonly int[] _bucketHead, _bucketNext, _bucketPrevious;
    private readonly bool[] _inBucket;
    private int _bucketed;
    private int _minimumDegree;

    private readonly int[] _set;             // constraint set of each vertex (all 0 when unconstrained)
    private readonly int[] _setStart, _setMembers;
    private int _currentSet;

    private readonly int[] _memberNext, _memberLast; // original vertices of each supervariable
    private readonly int[] _hash, _hashHead, _hashNext;
    private readonly int[] _stamp;
    private int _stampValue;

    private readonly int[] _order;
    private int _eliminated;

    private MinimumDegreeOrdering(AdjacencyGraph graph, int[]? constraint)
    {
        var n = _n = graph.VertexCount;
        // Working storage is borrowed (see IntPool) and given back when the order is done.
        _set = constraint ?? Cleared(IntPool.Rent(n), n);
        (_setStart, _setMembers) = GroupBySet(_set, n);
        _state = new State[n];
        _listStart = IntPool.Rent(n);
        _listLength = IntPool.Rent(n);
        _elementCount = Cleared(IntPool.Rent(n), n);
        _lists = IntPool.Rent(graph.EdgeEndCount + graph.EdgeEndCount / 5 + 2 * n + 16);
        Array.Copy(graph.Neighbours, _lists, graph.EdgeEndCount);
        _free = graph.EdgeEndCount;
        _weight = IntPool.Rent(n);
        _degree = IntPool.Rent(n);
        _outside = ArrayPool<long>.Shared.Rent(n);
        Array.Clear(_outside, 0, n);
        _bucketHead = IntPool.Rent(n + 1);
        Array.Fill(_bucketHead, -1, 0, n + 1);
        _bucketNext = IntPool.Rent(n);
        _bucketPrevious = IntPool.Rent(n);
        _inBucket = new bool[n];
        _memberNext = IntPool.Rent(n);
        Array.Fill(_memberNext, -1, 0, n);
        _memberLast = IntPool.Rent(n);
        _hash = IntPool.Rent(n);
        _hashHead = IntPool.Rent(n);
        Array.Fill(_hashHead, -1, 0, n);
        _hashNext = IntPool.Rent(n);
        _stamp = Cleared(IntPool.Rent(n), n);
        _order = new int[n];
        for (var v = n - 1; v >= 0; v--)
        {
            _listStart[v] = graph.Start[v];
            _listLength[v] = graph.Degree(v);
            _weight[v] = 1;
            _degree[v] = graph.Degree(v);
            _memberLast[v] = v;
        }
        _currentSet = -1;
    }

    /// <summary>The elimination order: <c>order[k]</c> is the vertex eliminated k-th.</summary>
    public static int[] Order(AdjacencyGraph graph) => Order(graph, null);

    /// <summary>
    /// The elimination order when vertex v must come after every vertex of a lower-numbered set
    /// <c>constraint[v]</c> (sets numbered 0, 1, ...; null for no constraint).
    /// </summary>
    public static int[] Order(AdjacencyGraph graph, int[]? constraint)
    {
        var ordering = new MinimumDegreeOrdering(graph, constraint);
        ordering.Run();
        ordering.ReturnStorage(ownsSets: constraint is null);
        return ordering._order;
    }

    private void ReturnStorage(bool ownsSets)
    {
        if (ownsSets) IntPool.Return(_set);
        foreach (var array in new[] { _listStart, _listLength, _elementCount, _lists, _weight, _degree, _bucketHead, _bucketNext,
                     _bucketPrevious, _memberNext, _memberLast, _hash, _hashHead, _hashNext, _stamp })
            IntPool.Return(array);
        ArrayPool<long>.Shared.Return(_outside);
    }

    private static int[] Cleared(int[] array, int length)
    {
        Array.Clear(array, 0, length);
        return array;
    }

    private static (int[] Start, int[] Members) GroupBySet(int[] set, int n)
    {
        var count = 0;
        for (var v = 0; v < n; v++) count = Math.Max(count, set[v] + 1);
        var start = new int[count + 1];
        for (var v = 0; v < n; v++) start[set[v] + 1]++;
        for (var s = 0; s < count; s++) start[s + 1] += start[s];
        var members = new int[n];
        var next = (int[])start.Clone();
        for (var v = 0; v < n; v++) members[next[set[v]]++] = v;
        return (start, members);
    }

    private void Run()
    {
        while (_eliminated < _n)
        {
            var pivot = SelectPivot();
            Emit(pivot);
            var newElement = FormElement(pivot);
            ComputeOutsideWeights(pivot, newElement);
            UpdateVariables(pivot, newElement);
            MergeIndistinguishable(newElement);
            FinishElement(pivot, newElement);
            _mark += _n + 1; // every |Le \ Lp| of this step is now below the mark
        }
    }

    private int SelectPivot()
    {
        while (_bucketed == 0) OpenNextSet();
        while (_bucketHead[_minimumDegree] < 0) _minimumDegree++;
        var pivot = _bucketHead[_minimumDegree];
        RemoveFromBucket(pivot);
        return pivot;
    }

    /// <summary>The current set is done: the remaining variables of the next one become candidates.</summary>
    private void OpenNextSet()
    {
        _currentSet++;
        _minimumDegree = _n;
        // Lowest index last, so it heads its degree list: ties go to the lowest index.
        for (var k = _setStart[_currentSet + 1] - 1; k >= _setStart[_currentSet]; k--)
        {
            var v = _setMembers[k];
            if (_state[v] == State.Variable && _weight[v] > 0) InsertInBucket(v, _degree[v]);
        }
    }

    /// <summary>Puts the original vertices of a supervariable next in the order.</summary>
    private void Emit(int supervariable)
    {
        for (var v = supervariable; v >= 0; v = _memberNext[v]) _order[_eliminated++] = v;
    }

    /// <summary>
    /// Turns the pivot into an element: Lp = (its variables and the variables of its elements) minus
    /// itself. Its old elements are absorbed. Members of Lp are flagged by a negative weight.
    /// Returns the span of Lp in the list storage.
    /// </summary>
    private (int Start, int Length) FormElement(int pivot)
    {
        var needed = _listLength[pivot] - _elementCount[pivot];
        for (var t = 0; t < _elementCount[pivot]; t++)
        {
            var e = _lists[_listStart[pivot] + t];
            if (_state[e] == State.Element) needed += _listLength[e];
        }
        EnsureRoom(needed);

        _weight[pivot] = -_weight[pivot];
        var start = _free;
        var count = 0;
        var pivotList = _listStart[pivot];
        for (var t = 0; t < _listLength[pivot]; t++)
        {
            var x = _lists[pivotList + t];
            if (t < _elementCount[pivot])
            {
                if (_state[x] != State.Element) continue;
                for (var q = _listStart[x]; q < _listStart[x] + _listLength[x]; q++)
                    count += AddToElement(_lists[q], start + count);
                _state[x] = State.Absorbed;
                _listLength[x] = 0;
            }
            else
            {
                count += AddToElement(x, start + count);
            }
        }
        _free = start + count;
        _state[pivot] = State.Element;
        _listStart[pivot] = start;
        _listLength[pivot] = count;
        _elementCount[pivot] = 0;
        _weight[pivot] = -_weight[pivot];
        return (start, count);
    }

    private int AddToElement(int variable, int position)
    {
        if (_state[variable] != State.Variable || _weight[variable] <= 0) return 0; // gone, the pivot, or already in
        _weight[variable] = -_weight[variable];
        RemoveFromBucket(variable);
        _lists[position] = variable;
        return 1;
    }

    /// <summary>For every element e adjacent to Lp: |Le \ Lp| (stored as that plus the mark).</summary>
    private void ComputeOutsideWeights(int pivot, (int Start, int Length) element)
    {
        for (var q = element.Start; q < element.Start + element.Length; q++)
        {
            var i = _lists[q];
            var wi = -_weight[i];
            for (var t = _listStart[i]; t < _listStart[i] + _elementCount[i]; t++)
            {
                var e = _lists[t];
                if (_state[e] != State.Element || e == pivot) continue;
                if (_outside[e] >= _mark) _outside[e] -= wi;
                else _outside[e] = _weight[e] + _mark - wi;
            }
        }
    }

    /// <summary>
    /// For each variable i of Lp: drop absorbed elements and variables now covered by Lp from its
    /// lists, absorb elements inside Lp (aggressive absorption), bound its external degree, add
    /// the pivot as its first element, and hash its lists; or eliminate it with the pivot when
    /// nothing is left outside Lp (mass elimination).
    /// </summary>
    private void UpdateVariables(int pivot, (int Start, int Length) element)
    {
        for (var q = element.Start; q < element.Start + element.Length; q++)
        {
            var i = _lists[q];
            var start = _listStart[i];
            var write = start;
            long outsideWeight = 0;
            long hash = pivot;
            for (var t = start; t < start + _elementCount[i]; t++)
            {
                var e = _lists[t];
                if (_state[e] != State.Element || e == pivot) continue;
                var beyond = _outside[e] - _mark;
                if (beyond > 0)
                {
                    outsideWeight += beyond;
                    _lists[write++] = e;
                    hash += e;
                }
                else
                {
                    _state[e] = State.Absorbed; // Le lies inside Lp
                    _listLength[e] = 0;
                }
            }
            var elements = write - start;
            for (var t = start + _elementCount[i]; t < start + _listLength[i]; t++)
            {
                var j = _lists[t];
                if (_state[j] != State.Variable || _weight[j] <= 0) continue; // merged, eliminated, or in Lp
                outsideWeight += _weight[j];
                _lists[write++] = j;
                hash += j;
            }

            if (outsideWeight == 0 && _set[i] == _set[pivot])
            {
                // Adjacent to nothing outside Lp: eliminating it next creates no fill. Do it now.
                Emit(i);
                _weight[i] = 0;
                _state[i] = State.Merged;
                _listLength[i] = 0;
                continue;
            }

            _degree[i] = (int)Math.Min(_degree[i], outsideWeight);
            // Every variable of Lp lost at least one entry (the pivot, or an absorbed element), so
            // there is room for the pivot at the head of the element part.
            var firstVariable = start + elements;
            _lists[write] = _lists[firstVariable];
            _lists[firstVariable] = _lists[start];
            _lists[start] = pivot;
            _elementCount[i] = elements + 1;
            _listLength[i] = write - start + 1;
            _hash[i] = (int)(hash % _n);
        }
    }

    /// <summary>
    /// Variables of Lp with identical lists (same elements, same variables) are indistinguishable:
    /// they will be eliminated together, so they become one supervariable.
    /// </summary>
    private void MergeIndistinguishable((int Start, int Length) element)
    {
        var end = element.Start + element.Length;
        for (var q = element.Start; q < end; q++)
        {
            var i = _lists[q];
            if (_state[i] != State.Variable) continue;
            _hashNext[i] = _hashHead[_hash[i]];
            _hashHead[_hash[i]] = i;
        }
        for (var q = element.Start; q < end; q++)
        {
            var first = _lists[q];
            if (_state[first] != State.Variable) continue;
            var bucket = _hash[first];
            var i = _hashHead[bucket];
            _hashHead[bucket] = -1;
            for (; i >= 0; i = _hashNext[i])
            {
                if (_state[i] != State.Variable) continue;
                NextStamp();
                for (var t = _listStart[i]; t < _listStart[i] + _listLength[i]; t++) _stamp[_lists[t]] = _stampValue;
                var previous = i;
                for (var j = _hashNext[i]; j >= 0; j = _hashNext[j])
                {
                    if (SameLists(i, j))
                    {
                        Absorb(i, j);
                        _hashNext[previous] = _hashNext[j];
                    }
                    else previous = j;
                }
            }
        }
    }

    private bool SameLists(int i, int j)
    {
        if (_listLength[i] != _listLength[j] || _elementCount[i] != _elementCount[j] || _set[i] != _set[j]) return false;
        for (var t = _listStart[j]; t < _listStart[j] + _listLength[j]; t++)
            if (_stamp[_lists[t]] != _stampValue) return false;
        return true;
    }

    /// <summary>Supervariable j joins supervariable i (both flagged as in Lp by negative weights).</summary>
    private void Absorb(int i, int j)
    {
        _weight[i] += _weight[j];
        _weight[j] = 0;
        _state[j] = State.Merged;
        _listLength[j] = 0;
        _memberNext[_memberLast[i]] = j;
        _memberLast[i] = _memberLast[j];
    }

    /// <summary>Keeps the surviving variables of Lp, gives them their new degrees and the element its weight.</summary>
    private void FinishElement(int pivot, (int Start, int Length) element)
    {
        var elementWeight = 0;
        for (var q = element.Start; q < element.Start + element.Length; q++)
        {
            var i = _lists[q];
            if (_state[i] == State.Variable) elementWeight -= _weight[i];
        }
        var write = element.Start;
        for (var q = element.Start; q < element.Start + element.Length; q++)
        {
            var i = _lists[q];
            if (_state[i] != State.Variable) continue;
            var wi = _weight[i] = -_weight[i];
            var degree = Math.Min(_degree[i] + elementWeight - wi, _n - _eliminated - wi);
            _degree[i] = degree;
            InsertInBucket(i, degree);
            _lists[write++] = i;
        }
        _listLength[pivot] = write - element.Start;
        _weight[pivot] = elementWeight;
        if (_listLength[pivot] == 0) _state[pivot] = State.Absorbed;
    }

    private void InsertInBucket(int v, int degree)
    {
        _degree[v] = degree;
        if (_set[v] != _currentSet) return; // waits for its set
        _inBucket[v] = true;
        _bucketed++;
        var head = _bucketHead[degree];
        _bucketNext[v] = head;
        _bucketPrevious[v] = -1;
        if (head >= 0) _bucketPrevious[head] = v;
        _bucketHead[degree] = v;
        if (degree < _minimumDegree) _minimumDegree = degree;
    }

    private void RemoveFromBucket(int v)
    {
        if (!_inBucket[v]) return;
        _inBucket[v] = false;
        _bucketed--;
        var (next, previous) = (_bucketNext[v], _bucketPrevious[v]);
        if (next >= 0) _bucketPrevious[next] = previous;
        if (previous >= 0) _bucketNext[previous] = next;
        else _bucketHead[_degree[v]] = next;
    }

    private void NextStamp()
    {
        if (_stampValue == int.MaxValue)
        {
            Array.Clear(_stamp);
            _stampValue = 0;
        }
        _stampValue++;
    }

    /// <summary>Makes room for <paramref name="needed"/> more entries: compacts the live lists, then grows if still short.</summary>
    private void EnsureRoom(int needed)
    {
        if (_lists.Length - _free >= needed) return;
        Compact();
        if (_lists.Length - _free < needed)
        {
            var larger = IntPool.Rent(Math.Max(2 * _lists.Length, _free + needed));
            Array.Copy(_lists, larger, _free);
            IntPool.Return(_lists);
            _lists = larger;
        }
    }

    /// <summary>
    /// Slides every live list down over the garbage left by shrunk and dead ones. Each list's first
    /// entry is parked in its start pointer and replaced by a negative tag naming the owner, so one
    /// sweep finds the lists in storage order.
    /// </summary>
    private void Compact()
    {
        for (var v = 0; v < _n; v++)
        {
            if (_state[v] is State.Absorbed or State.Merged || _listLength[v] == 0) continue;
            var head = _listStart[v];
            _listStart[v] = _lists[head];
            _lists[head] = ~v;
        }
        var write = 0;
        for (var read = 0; read < _free;)
        {
            var tag = _lists[read++];
            if (tag >= 0) continue; // garbage
            var v = ~tag;
            var first = _listStart[v];
            _listStart[v] = write;
            _lists[write++] = first;
            for (var t = 1; t < _listLength[v]; t++) _lists[write++] = _lists[read++];
        }
        _free = write;
    }
}
