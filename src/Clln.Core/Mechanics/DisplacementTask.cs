using Clln.Core.Model;

namespace Clln.Core.Mechanics;

/// <summary>
/// An allosteric displacement task: held nodes moved by imposed displacements (the input) should
/// move a free output node by a target displacement. The cost is half the squared distance
/// between the output's displacement and its target (m^2).
/// </summary>
public sealed record DisplacementTask(IReadOnlyList<(int Node, double Dx, double Dy)> Inputs, int Output, double TargetDx, double TargetDy) : ISpringTask
{
    public SpringEquilibrium Free(SpringNetwork network) => SpringSolver.Solve(network, Held(network));

    /// <summary>The output held too, nudged from its free displacement toward the target by eta.</summary>
    public SpringEquilibrium Clamped(SpringNetwork network, SpringEquilibrium free, double eta)
    {
        var nudged = free.Positions.ToArray();
        (nudged[2 * Output], nudged[2 * Output + 1]) = Nudged(network, free, eta);
        return SpringSolver.Solve(network, nudged, start: free.Positions, alsoHeld: [Output]);
    }

    /// <summary>Where the clamped state holds the output: from where it settled in <paramref name="free"/>, eta of the way to its target.</summary>
    public (double X, double Y) Nudged(SpringNetwork network, SpringEquilibrium free, double eta)
    {
        var (dx, dy) = OutputDisplacement(network, free);
        return (network.Nodes[Output].X + dx + eta * (TargetDx - dx), network.Nodes[Output].Y + dy + eta * (TargetDy - dy));
    }

    /// <summary>The rest positions with the inputs' displacements applied (refused, in one line, for a task that does not fit the network).</summary>
    public double[] Held(SpringNetwork network)
    {
        Check(network);
        var x = network.RestPositions();
        foreach (var (node, dx, dy) in Inputs)
        {
            x[2 * node] += dx;
            x[2 * node + 1] += dy;
        }
        return x;
    }

    /// <summary>Inputs are held nodes (an imposed displacement moves only those), the output a free one, all of them the network's.</summary>
    private void Check(SpringNetwork network)
    {
        MechanicalNode Node(int index) => index >= 0 && index < network.Nodes.Count
            ? network.Nodes[index]
            : throw new InvalidNetworkException($"the task names node {index}; the network's nodes are 0 to {network.Nodes.Count - 1}");
        foreach (var (index, dx, dy) in Inputs)
        {
            var node = Node(index);
            if (!node.Held) throw new InvalidNetworkException($"input node '{node.Name}' is free: only a held node takes an imposed displacement");
            if (!double.IsFinite(dx) || !double.IsFinite(dy)) throw new InvalidNetworkException($"input node '{node.Name}': its displacement must be finite");
        }
        if (Node(Output).Held) throw new InvalidNetworkException($"output node '{Node(Output).Name}' is held: the output must be free to move");
    }

    public (double Dx, double Dy) OutputDisplacement(SpringNetwork network, SpringEquilibrium state) =>
        (state.Positions[2 * Output] - network.Nodes[Output].X, state.Positions[2 * Output + 1] - network.Nodes[Output].Y);

    public double Cost(SpringNetwork network, SpringEquilibrium free)
    {
        var (dx, dy) = OutputDisplacement(network, free);
        return 0.5 * ((dx - TargetDx) * (dx - TargetDx) + (dy - TargetDy) * (dy - TargetDy));
    }
}
