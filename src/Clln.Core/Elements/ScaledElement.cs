namespace Clln.Core.Elements;

/// <summary>
/// An element whose current (and so both dI/dV) is <see cref="Factor"/> times another's: the
/// clamped copy of a mismatched twin edge, a fixed fraction stronger or weaker than its free copy.
/// </summary>
public sealed record ScaledElement(IEdgeElement Inner, double Factor) : IEdgeElement
{
    public string Kind => Inner.Kind;

    public double? LinearConductance => Inner.LinearConductance * Factor;

    public EdgeResponse Respond(double va, double vb)
    {
        var r = Inner.Respond(va, vb);
        return new EdgeResponse(Factor * r.Current, Factor * r.DCurrentDVa, Factor * r.DCurrentDVb);
    }
}
