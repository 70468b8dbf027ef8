using Clln.Core.Elements;
using Clln.Core.Training;

namespace Clln.Core.Learning;

/// <summary>
/// What happens at one edge on one tick of the learning clock, in either engine: the clock says
/// how many updates; each feeds the rule the edge's contrast (dV_F)^2 - (dV_C)^2 plus its
/// comparator's offset and noise, and adds update noise to the learned value; then the value
/// drifts. A frozen edge (stuck or shorted) does none of it. Also the fixed factor by which each
/// edge's clamped copy differs from its free copy (twin mismatch).
/// </summary>
/// <remarks>
/// Edges are indexed as in the network being run; <see cref="Origin"/> maps them to the edges of
/// the intact network, which every draw is keyed on, so an edge draws the same numbers after
/// damage removed others, and in both engines.
/// </remarks>
public sealed class EdgeLearning
{
    private readonly int[]? _origin;
    private readonly bool[]? _frozen;
    private readonly double[]? _clampedScale;
    private readonly double[]? _offset;

    /// <param name="intactEdges">Edges of the intact network (the draws of the fixed per-edge factors).</param>
    /// <param name="origin">Per edge, its index in the intact network; null when none is missing.</param>
    /// <param name="frozen">Per edge, true when it cannot learn; null when all learn.</param>
    public EdgeLearning(ILearningRule rule, UpdateClock clock, Imperfections imperfections, int seed, int intactEdges, int[]? origin = null, bool[]? frozen = null)
    {
        Rule = rule;
        Clock = clock;
        Imperfections = imperfections;
        Seed = seed;
        IntactEdges = intactEdges;
        _origin = origin;
        _frozen = frozen;
        var edges = origin?.Length ?? intactEdges;
        if (imperfections.TwinMismatch > 0)
            _clampedScale = Enumerable.Range(0, edges).Select(j => Math.Exp(imperfections.TwinMismatch * SeededNoise.Gaussian(seed, NoiseModel.TwinMismatch, Origin(j)))).ToArray();
        if (imperfections.ComparatorOffset > 0)
            _offset = Enumerable.Range(0, edges).Select(j => imperfections.ComparatorOffset * SeededNoise.Gaussian(seed, NoiseModel.ComparatorOffset, Origin(j))).ToArray();
    }

    /// <summary>The plain rule and clock: no imperfection, every edge learns (no per-edge draws, so the edge count is not needed).</summary>
    public static EdgeLearning Plain(ILearningRule rule, UpdateClock clock) => new(rule, clock, Imperfections.None, 0, 0);

    public ILearningRule Rule { get; }
    public UpdateClock Clock { get; }
    public Imperfections Imperfections { get; }
    public int Seed { get; }
    public int IntactEdges { get; }

    /// <summary>Per edge, its index in the intact network; null when none is missing.</summary>
    public int[]? Origins => _origin;

    /// <summary>Per edge, true when it cannot learn; null when all learn.</summary>
    public bool[]? FrozenEdges => _frozen;

    /// <summary>
    /// Power-efficient learning (Stern, Dillavou, Jayaraman, Durian, Liu, APL Machine Learning 2,
    /// 016114, 2024): the weight lambda in [0, 1) with which each edge's comparator discounts its
    /// free drop, reading (1 - lambda)(dV_F)^2 - (dV_C)^2. The update then descends the contrast
    /// plus lambda/eta times the free state's power (d P_free / dk_e = (dV_F,e)^2 at equilibrium),
    /// trading accuracy for a network that dissipates less. 0: plain coupled learning.
    /// </summary>
    public double PowerWeight { get; init; }

    /// <summary>The contrast an edge's comparator reads from its two drops (volts squared).</summary>
    public double Contrast(double freeDrop, double clampedDrop) => (1 - PowerWeight) * freeDrop * freeDrop - clampedDrop * clampedDrop;

    /// <summary>The same learning for a damaged network whose edges come from <paramref name="origin"/>, the <paramref name="frozen"/> ones unable to learn.</summary>
    public EdgeLearning For(int[] origin, bool[] frozen) => new(Rule, Clock, Imperfections, Seed, IntactEdges, origin, frozen) { PowerWeight = PowerWeight };

    /// <summary>The edge's index in the intact network.</summary>
    public int Origin(int edge) => _origin?[edge] ?? edge;

    public bool IsFrozen(int edge) => _frozen?[edge] ?? false;

    /// <summary>Factor of the edge's clamped copy over its free copy (1 without twin mismatch): it multiplies the clamped current and both dI/dV.</summary>
    public double ClampedScale(int edge) => _clampedScale?[edge] ?? 1.0;

    /// <summary>True when some edge's clamped copy differs from its free copy.</summary>
    public bool HasMismatch => _clampedScale is not null;

    /// <summary>The clamped copy of an element (itself without mismatch).</summary>
    public IEdgeElement Clamped(int edge, IEdgeElement element) => _clampedScale is null ? element : new ScaledElement(element, _clampedScale[edge]);

    /// <summary>How many updates edge <paramref name="edge"/>'s own clock makes at step <paramref name="step"/> (0 when frozen).</summary>
    public int UpdatesAt(int edge, long step) => IsFrozen(edge) ? 0 : Clock.Updates(Origin(edge), step);

    /// <summary>
    /// Continuous learning: the element after integrating dk/dt = (alpha/eta) contrast for
    /// <paramref name="dt"/> of a training step, from the drops the edge sees now, times the
    /// clock's <paramref name="updates"/> at this step (the rule must be linear in the contrast).
    /// </summary>
    public IEdgeElement Integrate(IEdgeElement element, int updates, double freeDrop, double clampedDrop, double dt) =>
        updates == 0 ? element : Rule.Apply(element, updates * dt * Contrast(freeDrop, clampedDrop));

    /// <summary>Edge <paramref name="edge"/>'s element after learning step <paramref name="step"/> from its own drops (volts).</summary>
    public IEdgeElement Tick(int edge, long step, IEdgeElement element, double freeDrop, double clampedDrop) =>
        Tick(edge, step, element, Contrast(freeDrop, clampedDrop));

    /// <summary>
    /// Edge <paramref name="edge"/>'s element after learning step <paramref name="step"/> from its
    /// contrast (dV_F)^2 - (dV_C)^2 as the drops give it, volts squared (a batch's mean contrast, say).
    /// </summary>
    public IEdgeElement Tick(int edge, long step, IEdgeElement element, double measuredContrast)
    {
        if (IsFrozen(edge)) return element;
        var origin = Origin(edge);
        var p = Imperfections;
        for (int n = 0, updates = Clock.Updates(origin, step); n < updates; n++)
        {
            var contrast = measuredContrast;
            if (_offset is not null) contrast += _offset[edge];
            if (p.ComparatorNoise > 0) contrast += p.ComparatorNoise * SeededNoise.Gaussian(Seed, NoiseModel.ComparatorNoise, origin, step, n);
            element = Rule.Apply(element, contrast);
            if (p.UpdateNoise > 0) element = Nudge(element, p.UpdateNoise * SeededNoise.Gaussian(Seed, NoiseModel.UpdateNoise, origin, step, n));
        }
        if (p.Drift > 0 && (step + 1) % p.DriftEverySteps == 0)
            element = Nudge(element, p.Drift * SeededNoise.Gaussian(Seed, NoiseModel.Drift, origin, step));
        return element;
    }

    /// <summary>Moves the learned value by <paramref name="fraction"/> of its range, kept inside it.</summary>
    private IEdgeElement Nudge(IEdgeElement element, double fraction)
    {
        var (low, high) = Rule.Range(element);
        var value = Math.Clamp(Rule.LearnedValue(element) + fraction * (high - low), low, high);
        return Rule.FromLearnedValue(value, element);
    }
}
