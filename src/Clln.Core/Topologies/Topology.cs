using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Topologies;

/// <summary>
/// The wiring of a network without its physics: node names, which pairs are joined, and where the
/// nodes sit when drawn. <see cref="ToNetwork"/> adds elements and the held nodes.
/// </summary>
public sealed record Topology(string Description, string[] NodeNames, (int From, int To)[] Pairs, string[] EdgeNames, (double X, double Y)[] Layout)
{
    public int NodeCount => NodeNames.Length;
    public int EdgeCount => Pairs.Length;

    /// <summary>
    /// A network on this wiring: each edge gets <paramref name="element"/>(edge index), and the
    /// nodes named in <paramref name="held"/> are held at their (role, voltage); every other node is free.
    /// </summary>
    public Network ToNetwork(Func<int, IEdgeElement> element, IReadOnlyDictionary<string, (NodeRole Role, double Voltage)> held)
    {
        var builder = new NetworkBuilder();
        foreach (var name in NodeNames)
            builder.AddNode(held.TryGetValue(name, out var h) ? new Node(name, h.Role, h.Voltage) : new Node(name, NodeRole.Free));
        foreach (var name in held.Keys)
            if (!builder.HasNode(name)) throw new InvalidNetworkException($"{Description}: unknown node '{name}'");
        for (var j = 0; j < Pairs.Length; j++)
            builder.AddEdge(EdgeNames[j], NodeNames[Pairs[j].From], NodeNames[Pairs[j].To], element(j));
        return builder.Build(Description);
    }

    /// <summary>
    /// The wiring of a network read from a file. Nodes named like a lattice's ("n{r}_{c}") are drawn
    /// on its grid; others on a circle.
    /// </summary>
    public static Topology FromNetwork(Network network, string description)
    {
        var names = network.Nodes.Select(n => n.Name).ToArray();
        var grid = names.Select(LatticePosition).ToArray();
        var layout = grid.All(p => p is not null)
            ? grid.Select(p => p!.Value).ToArray()
            : Enumerable.Range(0, names.Length).Select(i => (Math.Cos(2 * Math.PI * i / names.Length), Math.Sin(2 * Math.PI * i / names.Length))).ToArray();
        var pairs = network.Edges.Select(e => (e.From, e.To)).ToArray();
        return new Topology(description, names, pairs, network.Edges.Select(e => e.Name).ToArray(), layout);
    }

    private static (double X, double Y)? LatticePosition(string name)
    {
        var parts = name.Length > 1 && name[0] == 'n' ? name[1..].Split('_') : [];
        return parts.Length == 2 && int.TryParse(parts[0], out var r) && int.TryParse(parts[1], out var c) ? (c, -r) : null;
    }

    /// <summary>
    /// A rows x columns square lattice. Periodic boundaries (a torus) give every node four
    /// neighbours: the lab's 4x4 periodic lattice has 16 nodes and 32 edges. Node (r, c) is named
    /// "n{r}_{c}"; edges are "e0", "e1", ... (the right neighbour of each node, then the one below).
    /// </summary>
    public static Topology SquareLattice(int rows, int columns, bool periodic)
    {
        if (periodic && (rows < 3 || columns < 3))
            throw new ArgumentOutOfRangeException(nameof(rows), $"a periodic lattice needs at least 3 x 3 nodes, not {rows} x {columns} (smaller ones would double edges)");
        if (rows < 1 || columns < 1 || rows * columns < 2)
            throw new ArgumentOutOfRangeException(nameof(rows), $"a lattice needs at least 2 nodes, not {rows} x {columns}");
        int Id(int r, int c) => r * columns + c;
        var names = new string[rows * columns];
        var layout = new (double, double)[rows * columns];
        var pairs = new List<(int, int)>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
            {
                names[Id(r, c)] = $"n{r}_{c}";
                layout[Id(r, c)] = (c, -r);
                if (c + 1 < columns || periodic) pairs.Add((Id(r, c), Id(r, (c + 1) % columns)));
                if (r + 1 < rows || periodic) pairs.Add((Id(r, c), Id((r + 1) % rows, c)));
            }
        var edgeNames = Enumerable.Range(0, pairs.Count).Select(j => $"e{j}").ToArray();
        var kind = periodic ? "periodic" : "open";
        return new Topology($"{rows}x{columns} {kind} lattice", names, pairs.ToArray(), edgeNames, layout);
    }

    /// <summary>
    /// A connected random graph of <paramref name="nodes"/> nodes and <paramref name="edges"/>
    /// distinct edges (no self-loops, no parallel edges), the same for the same seed on any machine:
    /// a random spanning tree first, then random extra pairs. Nodes sit on a circle when drawn.
    /// </summary>
    public static Topology RandomConnected(int nodes, int edges, int seed)
    {
        if (nodes < 2) throw new ArgumentOutOfRangeException(nameof(nodes), "a random graph needs at least 2 nodes");
        var most = (long)nodes * (nodes - 1) / 2;
        if (edges < nodes - 1 || edges > most)
            throw new ArgumentOutOfRangeException(nameof(edges), $"a connected simple graph of {nodes} nodes has between {nodes - 1} and {most} edges, not {edges}");
        var random = new Random(seed);
        var order = Enumerable.Range(0, nodes).ToArray();
        random.Shuffle(order);
        var pairs = new List<(int, int)>(edges);
        var seen = new HashSet<long>();
        bool TryAdd(int a, int b)
        {
            if (a == b) return false;
            var key = (long)Math.Min(a, b) * nodes + Math.Max(a, b);
            if (!seen.Add(key)) return false;
            pairs.Add((a, b));
            return true;
        }
        for (var i = 1; i < nodes; i++) TryAdd(order[random.Next(i)], order[i]);
        if (edges > most / 2)
        {
            // Dense: draw from the list of missing pairs rather than by rejection.
            var missing = new List<(int, int)>();
            for (var a = 0; a < nodes; a++)
                for (var b = a + 1; b < nodes; b++)
                    if (!seen.Contains((long)a * nodes + b)) missing.Add((a, b));
            var extra = missing.ToArray();
            random.Shuffle(extra);
            foreach (var (a, b) in extra.Take(edges - pairs.Count)) TryAdd(a, b);
        }
        while (pairs.Count < edges) TryAdd(random.Next(nodes), random.Next(nodes));
        var names = Enumerable.Range(0, nodes).Select(i => $"n{i}").ToArray();
        var layout = Enumerable.Range(0, nodes).Select(i => (Math.Cos(2 * Math.PI * i / nodes), Math.Sin(2 * Math.PI * i / nodes))).ToArray();
        var edgeNames = Enumerable.Range(0, edges).Select(j => $"e{j}").ToArray();
        return new Topology($"random graph ({nodes} nodes, {edges} edges, seed {seed})", names, pairs.ToArray(), edgeNames, layout);
    }
}
