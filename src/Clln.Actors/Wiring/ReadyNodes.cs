namespace Clln.Actors.Wiring;

/// <summary>
/// The clocked schedule's nodes with news, by colour: each is ticked at its colour's next step.
/// The coordinator keeps one for the whole network; a partition that steps on its own keeps one
/// for its nodes (see <see cref="Members.PartitionClock"/>).
/// </summary>
internal sealed class ReadyNodes(int[] colour, int colours)
{
    private readonly bool[] _ready = new bool[colour.Length];
    private readonly List<int>[] _byColour = Enumerable.Range(0, colours).Select(_ => new List<int>()).ToArray();

    /// <summary>Marks a node ready (once, however often it reports).</summary>
    public void Add(int node)
    {
        if (_ready[node]) return;
        _ready[node] = true;
        _byColour[colour[node]].Add(node);
    }

    public bool Any(int c) => _byColour[c].Count > 0;

    /// <summary>Whether any node, of whatever colour, is ready.</summary>
    public bool Any()
    {
        foreach (var list in _byColour)
            if (list.Count > 0) return true;
        return false;
    }

    /// <summary>The ready nodes of colour <paramref name="c"/>, in the order they reported, no longer ready.</summary>
    public int[] Take(int c)
    {
        var nodes = _byColour[c].ToArray();
        foreach (var i in nodes) _ready[i] = false;
        _byColour[c].Clear();
        return nodes;
    }

    public void Clear()
    {
        Array.Clear(_ready);
        foreach (var list in _byColour) list.Clear();
    }
}
