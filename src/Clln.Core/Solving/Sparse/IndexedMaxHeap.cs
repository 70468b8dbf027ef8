namespace Clln.Core.Solving.Sparse;

/// <summary>
/// A binary max-heap of items 0..capacity-1 keyed by integers, which can find, re-key and remove
/// any item: the gain queue of FM refinement. Equal keys pop the smaller item first, so runs repeat.
/// </summary>
internal sealed class IndexedMaxHeap : IDisposable
{
    private readonly int[] _items;
    private readonly int[] _keys;     // by item
    private readonly int[] _position; // by item; -1 when absent
    private int _count;

    /// <summary>Storage is borrowed from <see cref="IntPool"/>; Dispose gives it back.</summary>
    public IndexedMaxHeap(int capacity)
    {
        _items = IntPool.Rent(capacity);
        _keys = IntPool.Rent(capacity);
        _position = IntPool.Rent(capacity);
        Array.Fill(_position, -1, 0, capacity);
    }

    public void Dispose()
    {
        IntPool.Return(_items);
        IntPool.Return(_keys);
        IntPool.Return(_position);
    }

    public int Count => _count;
    public int Top => _items[0];
    public int TopKey => _keys[_items[0]];

    public bool Contains(int item) => _position[item] >= 0;

    public void Clear()
    {
        for (var k = 0; k < _count; k++) _position[_items[k]] = -1;
        _count = 0;
    }

    public void Insert(int item, int key)
    {
        _keys[item] = key;
        _items[_count] = item;
        _position[item] = _count;
        SiftUp(_count++);
    }

    public void Update(int item, int key)
    {
        var old = _keys[item];
        _keys[item] = key;
        if (key > old) SiftUp(_position[item]);
        else SiftDown(_position[item]);
    }

    public void Remove(int item)
    {
        var at = _position[item];
        _position[item] = -1;
        if (--_count == at) return;
        var last = _items[_count];
        _items[at] = last;
        _position[last] = at;
        SiftUp(at);
        SiftDown(_position[last]);
    }

    private bool Above(int a, int b) => _keys[a] > _keys[b] || (_keys[a] == _keys[b] && a < b);

    private void SiftUp(int at)
    {
        var item = _items[at];
        while (at > 0)
        {
            var parent = (at - 1) / 2;
            if (!Above(item, _items[parent])) break;
            _items[at] = _items[parent];
            _position[_items[at]] = at;
            at = parent;
        }
        _items[at] = item;
        _position[item] = at;
    }

    private void SiftDown(int at)
    {
        var item = _items[at];
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= _count) break;
            if (child + 1 < _count && Above(_items[child + 1], _items[child])) child++;
            if (!Above(_items[child], item)) break;
            _items[at] = _items[child];
            _position[_items[at]] = at;
            at = child;
        }
        _items[at] = item;
        _position[item] = at;
    }
}
