namespace Clln.Core.Elements;

/// <summary>
/// A Gen-1 edge: a digital potentiometer sitting on one tap of a fixed ladder of resistances.
/// Linear at every voltage; learning moves it one tap at a time.
/// </summary>
public sealed record Potentiometer : IEdgeElement
{
    public const string KindName = "potentiometer";

    public Potentiometer(TapLadder ladder, int tap)
    {
        if (tap < 0 || tap >= ladder.Count)
            throw new ArgumentOutOfRangeException(nameof(tap), tap, $"a tap must be between 0 and {ladder.Count - 1}");
        Ladder = ladder;
        Tap = tap;
    }

    public TapLadder Ladder { get; }

    /// <summary>Index into the ladder: 0 is the lowest resistance (highest conductance).</summary>
    public int Tap { get; }

    public double Conductance => Ladder.Conductance(Tap);

    public string Kind => KindName;

    public double? LinearConductance => Conductance;

    public EdgeResponse Respond(double va, double vb) => new(Conductance * (va - vb), Conductance, -Conductance);

    /// <summary>One tap toward higher conductance (+1) or lower (-1), stopping at the ends of the ladder.</summary>
    public Potentiometer Step(int direction) =>
        new(Ladder, Math.Clamp(Tap - Math.Sign(direction), 0, Ladder.Count - 1));
}
