using Clln.Core.Model;

namespace Clln.Core.Mechanics;

/// <summary>Which of a spring's two degrees of freedom learns.</summary>
public enum SpringParameter
{
    /// <summary>Coil thickness sets the stiffness k (the lab's second generation).</summary>
    Stiffness,

    /// <summary>A turnbuckle sets the rest length l (the lab's first generation).</summary>
    RestLength,
}

/// <summary>
/// Coupled learning for springs: each spring moves its own parameter by -(alpha/eta) times the
/// difference of its energy's derivative with respect to that parameter between the clamped and
/// the free state, read from its own two lengths alone: for the stiffness
/// dk = -(alpha/eta) (e_C^2 - e_F^2)/2, for the rest length dl = (alpha/eta) k (r_C - r_F), with e
/// the extension r - l. Clipped to the physical range [<paramref name="Min"/>, <paramref name="Max"/>].
/// </summary>
public sealed record SpringRule(SpringParameter Learns, double Alpha, double Eta, double Min, double Max)
{
    public Spring Update(Spring spring, double freeLength, double clampedLength)
    {
        var (free, clamped) = (freeLength - spring.RestLength, clampedLength - spring.RestLength);
        return Learns == SpringParameter.Stiffness
            ? spring with { Stiffness = Math.Clamp(spring.Stiffness - Alpha / Eta * 0.5 * (clamped * clamped - free * free), Min, Max) }
            : spring with { RestLength = Math.Clamp(spring.RestLength + Alpha / Eta * spring.Stiffness * (clamped - free), Min, Max) };
    }
}

/// <summary>
/// An allosteric displacement task: held nodes moved by imposed displacements (the input) should
/// move a free output node by a target displacement. The cost is half the squared distance
/// between the output's displacement and its target (m^2).
/// </summary>
public sealed record DisplacementTask(IReadOnlyList<(int Node, double Dx, double Dy)> Inputs, int Output, double TargetDx, double TargetDy)
{
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

/// <summary>
/// The central trainer for elastic networks: a free state with the inputs imposed, a clamped
/// state with the output also held, nudged from its free displacement toward the target by
/// eta, and every spring's own update from its two lengths.
/// </summary>
public static class SpringTrainer
{
    /// <summary>One step; returns the network after it and the cost of the free state it learned from.</summary>
    public static (SpringNetwork Network, double Cost) Step(SpringNetwork network, DisplacementTask task, SpringRule rule)
    {
        var held = task.Held(network);
        var free = SpringSolver.Solve(network, held);
        var (dx, dy) = task.OutputDisplacement(network, free);
        var nudged = free.Positions.ToArray();
        var o = task.Output;
        nudged[2 * o] = network.Nodes[o].X + dx + rule.Eta * (task.TargetDx - dx);
        nudged[2 * o + 1] = network.Nodes[o].Y + dy + rule.Eta * (task.TargetDy - dy);
        var clamped = SpringSolver.Solve(network, nudged, start: free.Positions, alsoHeld: [o]);
        var springs = network.Springs.Select(s => rule.Update(s, free.Length(s), clamped.Length(s))).ToArray();
        return (network.With(springs), task.Cost(network, free));
    }
}
