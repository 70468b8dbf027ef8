namespace Clln.Actors.Coordination;

/// <summary>
/// A probe's check of what the edges' learning rule will read: the largest distance, in volts and
/// in either twin, between an edge's view of a terminal and that node's own reading. Each edge's
/// reading is compared as it arrives, once both its nodes have answered; the few that come first
/// wait for the end of the probe. So the coordinator keeps no copy of every edge's view between
/// probes (32 bytes an edge: 3 % of a million-actor network's memory).
/// </summary>
internal sealed class ViewCheck(int[] from, int[] to, int nodes)
{
    private readonly int[] _answeredIn = new int[nodes]; // per node: the probe its reading belongs to
    private readonly List<EdgeReading> _early = [];
    private int _probe;
    private double _error;

    /// <summary>A new probe: no node has answered it yet.</summary>
    public void Start()
    {
        _probe++;
        _error = 0;
        _early.Clear(); // a probe that ended unchecked (continuous learning) leaves its early readings
    }

    public void NodeAnswered(int node) => _answeredIn[node] = _probe;

    public void EdgeAnswered(EdgeReading m, double[] free, double[] clamped)
    {
        var (a, b) = (from[m.Edge], to[m.Edge]);
        if (_answeredIn[a] == _probe && _answeredIn[b] == _probe) Compare(m, free, clamped);
        else _early.Add(m);
    }

    /// <summary>Volts: the largest distance this probe found, the early readings compared with the nodes' now.</summary>
    public double Finish(double[] free, double[] clamped)
    {
        foreach (var m in _early) Compare(m, free, clamped);
        _early.Clear();
        if (_early.Capacity > 1024) _early.Capacity = 0;
        return _error;
    }

    private void Compare(EdgeReading m, double[] free, double[] clamped)
    {
        var (a, b) = (from[m.Edge], to[m.Edge]);
        if (a == b) return; // a self-loop's actor is never told anything
        _error = Math.Max(_error, Math.Max(
            Math.Max(Math.Abs(m.AFree - free[a]), Math.Abs(m.AClamped - clamped[a])),
            Math.Max(Math.Abs(m.BFree - free[b]), Math.Abs(m.BClamped - clamped[b]))));
    }
}
