namespace Clln.Core.Elements;

/// <summary>A linear edge: I = k (V_a - V_b), with conductance k &gt; 0 in siemens.</summary>
public sealed record Resistor : IEdgeElement
{
    public const string KindName = "resistor";

    public Resistor(double conductance)
    {
        if (!(conductance > 0) || double.IsInfinity(conductance))
            throw new ArgumentOutOfRangeException(nameof(conductance), conductance, "a conductance must be positive and finite");
        Conductance = conductance;
    }

    /// <summary>Siemens.</summary>
    public double Conductance { get; }

    /// <summary>Ohms.</summary>
    public double Resistance => 1.0 / Conductance;

    public static Resistor FromResistance(double ohms) => new(1.0 / ohms);

    public string Kind => KindName;

    public double? LinearConductance => Conductance;

    public EdgeResponse Respond(double va, double vb) => new(Conductance * (va - vb), Conductance, -Conductance);
}
