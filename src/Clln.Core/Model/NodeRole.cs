namespace Clln.Core.Model;

/// <summary>What the experimenter does with a node.</summary>
/// <remarks>
/// Input, ground and bias nodes are held at a voltage by a source (boundary conditions of the
/// Kirchhoff problem). Free and output nodes float: Kirchhoff's current law fixes their voltage.
/// An output node is a free node that a learning task measures and, in the clamped twin, holds.
/// </remarks>
public enum NodeRole
{
    Free,
    Output,
    Input,
    Ground,
    Bias,
}

public static class NodeRoleExtensions
{
    /// <summary>True when a source holds this node at a fixed voltage.</summary>
    public static bool IsHeld(this NodeRole role) => role is NodeRole.Input or NodeRole.Ground or NodeRole.Bias;

    /// <summary>The lower-case word used in files and on the command line.</summary>
    public static string Word(this NodeRole role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string word, out NodeRole role)
    {
        foreach (var candidate in Enum.GetValues<NodeRole>())
        {
            if (string.Equals(candidate.Word(), word, StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }
}
