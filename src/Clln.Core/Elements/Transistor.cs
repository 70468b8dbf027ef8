namespace Clln.Core.Elements;

/// <summary>
/// A Gen-2 edge: an NMOS transistor whose gate, held on a capacitor at <see cref="GateVoltage"/>
/// against ground, is the edge's learning degree of freedom. With A = V_G - V_t the current from
/// a to b is I = K [F(A - V_b) - F(A - V_a)], where F(x) = phi(x)^2 / 2 (phi(x) = max(x, 0)):
/// ohmic I = K (A - (V_a + V_b)/2)(V_a - V_b) while both terms are positive, saturation
/// I = (K/2)(A - V_low)^2 once the channel pinches off at the high end, nothing below threshold.
/// This is SPICE's level-1 NMOS with KP W/L = K, LAMBDA = 0, GAMMA = 0; the source is whichever
/// terminal is lower, so the element is symmetric: swapping a and b negates the current.
/// </summary>
/// <remarks>
/// <para>
/// The current is a difference h(V_a) - h(V_b) of one increasing function h(V) = -K F(A - V) of
/// each terminal, so dI/dV_a = h'(V_a) &gt;= 0 and dI/dV_b = -h'(V_b) &lt;= 0 differ (the
/// Jacobian of a transistor network is not symmetric) but every column of the free-node Jacobian
/// is diagonally dominant: an M-matrix, so the equilibrium is unique where every node conducts
/// and local Newton steps converge.
/// </para>
/// <para>
/// With a <see cref="SubthresholdSwing"/> s (volts per decade, about 0.1 V in the lab) the real
/// device's leak is kept: below x_j = 2 s / ln 10 (87 mV above threshold for s = 0.1 V), F is
/// 2 u^2 exp(x/u - 2) with u = s / ln 10, falling a decade every s volts; above x_j the square law
/// holds exactly. Value and slope of F match at x_j, so the current and both conductances are
/// continuous, and F stays increasing and convex, so every property above survives. Without
/// the leak a node whose transistors are all cut off has no defined voltage.
/// </para>
/// </remarks>
public sealed record Transistor : IEdgeElement
{
    public const string KindName = "transistor";

    /// <summary>The lab's fitted K, amps per volt squared.</summary>
    public const double LabK = 8.5e-4;

    /// <summary>The lab's fitted threshold V_t, volts.</summary>
    public const double LabThreshold = 0.62;

    /// <summary>The lab's subthreshold swing: a decade of current per 0.1 V below threshold.</summary>
    public const double LabSubthresholdSwing = 0.1;

    public Transistor(double gateVoltage, double threshold = LabThreshold, double k = LabK, double? subthresholdSwing = null)
    {
        if (!double.IsFinite(gateVoltage))
            throw new ArgumentOutOfRangeException(nameof(gateVoltage), gateVoltage, "a gate voltage must be a finite number");
        if (!double.IsFinite(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "a threshold must be a finite number");
        if (!(k > 0) || double.IsInfinity(k))
            throw new ArgumentOutOfRangeException(nameof(k), k, "K must be positive and finite");
        if (subthresholdSwing is { } s && (!(s > 0) || double.IsInfinity(s)))
            throw new ArgumentOutOfRangeException(nameof(subthresholdSwing), s, "a subthreshold swing must be positive and finite");
        GateVoltage = gateVoltage;
        Threshold = threshold;
        K = k;
        SubthresholdSwing = subthresholdSwing;
        _efold = subthresholdSwing is { } swing ? swing / Math.Log(10) : double.NaN;
    }

    private readonly double _efold; // u: volts per e-fold of the leak, NaN without it

    /// <summary>V_G, volts against ground: what learning changes.</summary>
    public double GateVoltage { get; }

    /// <summary>V_t, volts.</summary>
    public double Threshold { get; }

    /// <summary>K = KP W / L, amps per volt squared.</summary>
    public double K { get; }

    /// <summary>Volts per decade of subthreshold current, or null for none (a hard cut-off).</summary>
    public double? SubthresholdSwing { get; }

    /// <summary>A = V_G - V_t: the terminal voltage at which the channel closes.</summary>
    public double Overdrive => GateVoltage - Threshold;

    public string Kind => KindName;

    public double? LinearConductance => null;

    public EdgeResponse Respond(double va, double vb)
    {
        var a = Overdrive;
        var (fa, da) = Channel(a - va);
        var (fb, db) = Channel(a - vb);
        return new EdgeResponse(K * (fb - fa), K * da, -K * db);
    }

    /// <summary>The same device with another gate voltage.</summary>
    public Transistor WithGate(double gateVoltage) => new(gateVoltage, Threshold, K, SubthresholdSwing);

    /// <summary>F(x) and F'(x): how much channel the terminal leaves open, x volts below A.</summary>
    private (double Value, double Slope) Channel(double x)
    {
        if (double.IsNaN(_efold))
            return x > 0 ? (0.5 * x * x, x) : (0.0, 0.0);
        var u = _efold;
        if (x >= 2 * u) return (0.5 * x * x, x);
        var e = Math.Exp(x / u - 2);
        return (2 * u * u * e, 2 * u * e);
    }

    public bool Equals(Transistor? other) =>
        other is not null && GateVoltage.Equals(other.GateVoltage) && Threshold.Equals(other.Threshold) && K.Equals(other.K)
        && Nullable.Equals(SubthresholdSwing, other.SubthresholdSwing);

    public override int GetHashCode() => HashCode.Combine(GateVoltage, Threshold, K, SubthresholdSwing);
}
