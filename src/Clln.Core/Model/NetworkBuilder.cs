using Clln.Core.Elements;

namespace Clln.Core.Model;

/// <summary>
/// Collects nodes and edges and checks them as they come, so a file reader can report the line
/// or field of the first problem. <see cref="Build"/> then checks the whole: not empty, nothing floating.
/// </summary>
/// <remarks>Every error is an <see cref="InvalidNetworkException"/> whose message starts with the given location.</remarks>
public sealed class NetworkBuilder
{
    private readonly List<Node> _nodes = [];
    private readonly List<Edge> _edges = [];
    private readonly Dictionary<string, int> _nodeIndex = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _edgeNames = new(StringComparer.OrdinalIgnoreCase);

    public int NodeCount => _nodes.Count;
    public int EdgeCount => _edges.Count;

    public bool HasNode(string name) => _nodeIndex.ContainsKey(name);

    public bool HasEdge(string name) => _edgeNames.Contains(name);

    /// <summary>Adds a node; a duplicate name (ignoring case) or a bad held voltage is an error.</summary>
    public NetworkBuilder AddNode(Node node, string? where = null)
    {
        if (string.IsNullOrWhiteSpace(node.Name))
            throw Error(where, "a node needs a non-empty name");
        if (_nodeIndex.ContainsKey(node.Name))
            throw Error(where, $"duplicate node name '{node.Name}'");
        if (node.IsHeld && !double.IsFinite(node.Voltage))
            throw Error(where, $"node '{node.Name}' is held at {node.Voltage} V: a held voltage must be a finite number");
        if (node.Role == NodeRole.Ground && node.Voltage != 0.0)
            throw Error(where, $"ground node '{node.Name}' must be at 0 V, not {node.Voltage} V");
        _nodeIndex[node.Name] = _nodes.Count;
        _nodes.Add(node.IsHeld ? node : node with { Voltage = 0.0 });
        return this;
    }

    public NetworkBuilder AddNode(string name, NodeRole role = NodeRole.Free, double voltage = 0.0, string? where = null) =>
        AddNode(new Node(name, role, voltage), where);

    /// <summary>
    /// Holds an existing node at a voltage (a source attached to it). Holding a node twice at
    /// different voltages is an error: two ideal sources cannot force one node to two values.
    /// </summary>
    public NetworkBuilder Hold(string name, double voltage, NodeRole role = NodeRole.Input, string? where = null)
    {
        if (!double.IsFinite(voltage))
            throw Error(where, $"node '{name}' cannot be held at {voltage} V: a held voltage must be a finite number");
        if (!_nodeIndex.TryGetValue(name, out var index))
            throw Error(where, $"unknown node '{name}'");
        var node = _nodes[index];
        if (node.IsHeld && node.Voltage != voltage)
            throw Error(where, $"node '{node.Name}' is forced to {voltage} V but another source already holds it at {node.Voltage} V");
        if (!node.IsHeld)
            _nodes[index] = node with { Role = role, Voltage = voltage };
        return this;
    }

    /// <summary>Adds an edge between two existing nodes; unknown nodes and duplicate names are errors.</summary>
    public NetworkBuilder AddEdge(string name, string from, string to, IEdgeElement element, string? where = null)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw Error(where, "an edge needs a non-empty name");
        if (!_edgeNames.Add(name))
            throw Error(where, $"duplicate edge name '{name}'");
        if (!_nodeIndex.TryGetValue(from, out var a))
            throw Error(where, $"edge '{name}' goes from undefined node '{from}'");
        if (!_nodeIndex.TryGetValue(to, out var b))
            throw Error(where, $"edge '{name}' goes to undefined node '{to}'");
        _edges.Add(new Edge(name, a, b, element));
        return this;
    }

    /// <summary>Checks the whole network and returns it. <paramref name="source"/> names the file, if any.</summary>
    public Network Build(string? source = null)
    {
        if (_nodes.Count == 0 || _edges.Count == 0)
            throw Error(source, $"the network is empty ({_nodes.Count} nodes, {_edges.Count} edges): it needs at least one edge");
        var floating = FindFloatingComponent();
        if (floating is not null)
        {
            var names = floating.Take(3).Select(i => $"'{_nodes[i].Name}'");
            var more = floating.Count > 3 ? $" and {floating.Count - 3} more" : "";
            throw Error(source,
                $"node {names.First()} is floating: its connected component ({string.Join(", ", names)}{more}) has no held node (input, ground or bias), so its voltages are undefined");
        }
        return new Network(_nodes.ToArray(), _edges.ToArray(), new Dictionary<string, int>(_nodeIndex, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The nodes of the first connected component that touches no held node, or null.</summary>
    private List<int>? FindFloatingComponent()
    {
        var parent = Enumerable.Range(0, _nodes.Count).ToArray();
        int Find(int i)
        {
            while (parent[i] != i) i = parent[i] = parent[parent[i]];
            return i;
        }
        foreach (var e in _edges) parent[Find(e.From)] = Find(e.To);

        var rootHeld = new bool[_nodes.Count];
        for (var i = 0; i < _nodes.Count; i++)
            if (_nodes[i].IsHeld) rootHeld[Find(i)] = true;

        List<int>? component = null;
        for (var i = 0; i < _nodes.Count; i++)
        {
            var root = Find(i);
            if (rootHeld[root]) continue;
            if (component is null) component = [i];
            else if (Find(component[0]) == root) component.Add(i);
        }
        return component;
    }

    private static InvalidNetworkException Error(string? where, string message) =>
        new(where is null ? message : $"{where}: {message}");
}
