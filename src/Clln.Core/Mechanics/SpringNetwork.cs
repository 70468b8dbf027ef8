using Clln.Core.Model;

namespace Clln.Core.Mechanics;

/// <summary>A node of an elastic network: its rest position in the plane (metres) and whether it is held there.</summary>
public sealed record MechanicalNode(string Name, double X, double Y, bool Held = false)
{
    /// <summary>Metres between this node's rest position and <paramref name="other"/>'s.</summary>
    public double DistanceTo(MechanicalNode other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}

/// <summary>
/// A central-force spring between nodes <paramref name="A"/> and <paramref name="B"/> (indices):
/// energy k/2 (|x_a - x_b| - l)^2, stiffness <paramref name="Stiffness"/> (N/m) and rest length
/// <paramref name="RestLength"/> (m), the two degrees of freedom a mechanical learning network may learn.
/// </summary>
public sealed record Spring(string Name, int A, int B, double Stiffness, double RestLength)
{
    /// <summary>Joules: the spring's energy at extension <paramref name="length"/> - l.</summary>
    public double Energy(double length) => 0.5 * Stiffness * (length - RestLength) * (length - RestLength);
}

/// <summary>
/// An elastic network in two dimensions (Stern, Hexner, Rocks, Liu, PRX 11, 021045, 2021; Altman,
/// Stern, Liu, Durian, Phys. Rev. Applied 22, 024053, 2024): nodes at rest positions, some held,
/// joined by central-force springs. Checked when built: every name once, springs between two
/// distinct known nodes, no two nodes at one place, positive stiffness and rest length, and the
/// network rigid under its held nodes (no node can move without stretching a spring), each
/// refusal one line naming the element.
/// </summary>
public sealed class SpringNetwork
{
    public SpringNetwork(IReadOnlyList<MechanicalNode> nodes, IReadOnlyList<Spring> springs)
        : this(nodes, springs, check: true)
    {
    }

    /// <param name="check">False for a network made from a checked one by changing what learning changes.</param>
    private SpringNetwork(IReadOnlyList<MechanicalNode> nodes, IReadOnlyList<Spring> springs, bool check)
    {
        Nodes = nodes;
        Springs = springs;
        if (check) Check();
    }

    private void Check()
    {
        var (nodes, springs) = (Nodes, Springs);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            if (!names.Add(n.Name)) throw new InvalidNetworkException($"node '{n.Name}' is defined twice");
            if (!double.IsFinite(n.X) || !double.IsFinite(n.Y)) throw new InvalidNetworkException($"node '{n.Name}': its position must be finite");
        }
        var places = new Dictionary<(double, double), string>();
        foreach (var n in nodes)
            if (!places.TryAdd((n.X, n.Y), n.Name))
                throw new InvalidNetworkException($"node '{n.Name}' sits where node '{places[(n.X, n.Y)]}' sits ({n.X}, {n.Y}): coincident nodes");
        foreach (var s in springs)
        {
            if (!names.Add(s.Name)) throw new InvalidNetworkException($"spring '{s.Name}': the name is taken");
            if (s.A < 0 || s.A >= nodes.Count || s.B < 0 || s.B >= nodes.Count) throw new InvalidNetworkException($"spring '{s.Name}': joins a node that does not exist");
            if (s.A == s.B) throw new InvalidNetworkException($"spring '{s.Name}': joins node '{nodes[s.A].Name}' to itself");
            if (!(s.Stiffness > 0) || !double.IsFinite(s.Stiffness)) throw new InvalidNetworkException($"spring '{s.Name}': stiffness must be positive and finite, not {s.Stiffness}");
            if (!(s.RestLength > 0) || !double.IsFinite(s.RestLength)) throw new InvalidNetworkException($"spring '{s.Name}': a zero-length or negative rest length ({s.RestLength}) has no direction to push along");
        }
        EnsureRigid();
    }

    public IReadOnlyList<MechanicalNode> Nodes { get; }
    public IReadOnlyList<Spring> Springs { get; }

    /// <summary>The index of the spring joining the nodes named <paramref name="a"/> and <paramref name="b"/>, in either order.</summary>
    public int SpringBetween(string a, string b)
    {
        for (var j = 0; j < Springs.Count; j++)
            if ((Nodes[Springs[j].A].Name, Nodes[Springs[j].B].Name) == (a, b) || (Nodes[Springs[j].A].Name, Nodes[Springs[j].B].Name) == (b, a)) return j;
        throw new InvalidNetworkException($"no spring joins nodes '{a}' and '{b}'");
    }

    /// <summary>Metres: the network's size, the longer side of the box around its rest positions (what tolerances are fractions of).</summary>
    public double Size => Math.Max(Nodes.Max(n => n.X) - Nodes.Min(n => n.X), Nodes.Max(n => n.Y) - Nodes.Min(n => n.Y));

    /// <summary>The nodes' rest positions, x0, y0, x1, y1, ...</summary>
    public double[] RestPositions() => Nodes.SelectMany(n => new[] { n.X, n.Y }).ToArray();

    /// <summary>The same network with other stiffnesses and rest lengths (what learning changes, within its clipped range), or with actuators added.</summary>
    public SpringNetwork With(IReadOnlyList<Spring> springs) => new(Nodes, springs, check: false);

    /// <summary>
    /// Rigid under its clamps: the small-strain stiffness matrix at the rest positions, restricted
    /// to the free nodes' coordinates, is positive definite. A failing pivot names a node that can
    /// move (to first order) without stretching any spring.
    /// </summary>
    private void EnsureRigid()
    {
        var positions = RestPositions();
        var stiffness = SpringForces.SmallStrainStiffness(this, positions);
        var free = Enumerable.Range(0, 2 * Nodes.Count).Where(d => !Nodes[d / 2].Held).ToArray();
        var reduced = SymmetricSystem.Restrict(stiffness, free);
        var scale = Springs.Count == 0 ? 1.0 : Springs.Max(s => s.Stiffness);
        if (SymmetricSystem.Factor(reduced, 1e-12 * scale) is { } pivot)
            throw new InvalidNetworkException($"node '{Nodes[free[pivot] / 2].Name}' can move without stretching any spring: the network is not rigid under its held nodes");
    }
}
