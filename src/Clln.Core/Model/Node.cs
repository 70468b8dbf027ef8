namespace Clln.Core.Model;

/// <summary>A node of the network: a name, a role, and for held nodes the voltage they are held at.</summary>
/// <param name="Voltage">Volts. Meaningful only when <see cref="IsHeld"/>; ground is always 0.</param>
public sealed record Node(string Name, NodeRole Role, double Voltage = 0.0)
{
    public bool IsHeld => Role.IsHeld();
}
