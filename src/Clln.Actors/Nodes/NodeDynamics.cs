namespace Clln.Actors.Nodes;

/// <summary>
/// What a node keeps for continuous learning (see <see cref="NodePhase.Damping"/>), allocated only
/// while a phase ticks the relaxation dynamics: most runs never do, and memory per actor counts.
/// </summary>
internal sealed class NodeDynamics
{
    private const int G = 0; // offset of the conductance in a twin's pair: NaN there marks a slot with no early news

    private readonly double[] _early; // per slot: news of the coming tick that came before the node stepped

    public NodeDynamics(int slots)
    {
        _early = new double[4 * slots];
        Forget();
    }

    /// <summary>The fraction of its local correction the node moves per tick.</summary>
    public double Damping { get; private set; }

    /// <summary>An output's target (NaN otherwise) and nudge: its clamped twin follows V_F + Eta (V_T - V_F) at every tick.</summary>
    public double Target { get; private set; }

    public double Eta { get; private set; }

    /// <summary>The last tick the node stepped at.</summary>
    public int Tick { get; set; }

    /// <summary>Where news of the coming tick waits until the node has stepped from the last tick's.</summary>
    public double[] Early => _early;

    /// <summary>A new phase of the dynamics: nothing stepped and nothing held back yet.</summary>
    public void Start(double damping, double target, double eta)
    {
        (Damping, Target, Eta, Tick) = (damping, target, eta, 0);
        Forget();
    }

    /// <summary>After the node stepped: the news held back becomes what its edges last said.</summary>
    public void Release(double[] norton)
    {
        for (var o = 0; o < _early.Length; o += 4)
            if (!double.IsNaN(_early[o + G]))
                _early.AsSpan(o, 4).CopyTo(norton.AsSpan(o, 4));
        Forget();
    }

    private void Forget()
    {
        for (var o = 0; o < _early.Length; o += 4) _early[o + G] = double.NaN;
    }
}
