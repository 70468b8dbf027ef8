using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Training;
using MessagePack;

namespace Clln.Actors.Serialization;

/// <summary>
/// An edge's learning rule, update clock and imperfections (see <see cref="EdgeLearning"/>) on the
/// wire, for members that host edges of a run.
/// Each rule kind is mapped explicitly (Core's rules carry no serializer attributes); an unknown
/// kind is refused rather than guessed.
/// </summary>
[MessagePackObject]
public sealed record LearningWire(
    [property: Key(0)] string Rule,
    [property: Key(1)] double[] Parameters,
    [property: Key(2)] ElementWire? Device,
    [property: Key(3)] ClockKind Clock,
    [property: Key(4)] double ClockRate,
    [property: Key(5)] int ClockSeed,
    [property: Key(6)] double[]? Imperfections = null,
    [property: Key(7)] int Seed = 0,
    [property: Key(8)] int IntactEdges = 0,
    [property: Key(9)] int[]? Origins = null,
    [property: Key(10)] bool[]? Frozen = null,
    [property: Key(11)] double PowerWeight = 0)
{
    public static LearningWire From(LearningSetup setup)
    {
        var edges = setup.Edges;
        var (rule, parameters, device) = Encode(edges.Rule);
        var p = edges.Imperfections;
        return new LearningWire(rule, parameters, device, edges.Clock.Kind, edges.Clock.Rate, edges.Clock.Seed,
            [p.TwinMismatch, p.ComparatorOffset, p.ComparatorNoise, p.UpdateNoise, p.Drift, p.DriftEverySteps],
            edges.Seed, edges.IntactEdges, edges.Origins, edges.FrozenEdges, edges.PowerWeight);
    }

    public LearningSetup ToSetup()
    {
        var p = Imperfections ?? [0, 0, 0, 0, 0, 1];
        return new(new EdgeLearning(Decode(Rule, Parameters, Device), new UpdateClock(Clock, ClockRate, ClockSeed),
            new Core.Learning.Imperfections(p[0], p[1], p[2], p[3], p[4], (long)p[5]), Seed, IntactEdges, Origins, Frozen) { PowerWeight = PowerWeight });
    }

    private static (string, double[], ElementWire?) Encode(ILearningRule rule) => rule switch
    {
        ContinuousRule c => (ContinuousRule.RuleName, [c.Alpha, c.Eta, c.MinConductance, c.MaxConductance], null),
        // The ladder travels as a potentiometer on its first tap.
        PotentiometerRule p => (PotentiometerRule.RuleName, [p.DeadBand], ElementWire.From(new Potentiometer(p.Ladder, 0))),
        GateRule g => (GateRule.RuleName, [g.Gain, g.LearningTime, g.Rc, g.MinGate, g.MaxGate], ElementWire.From(g.Device)),
        MixedRule m => (MixedRule.RuleName,
            [m.Resistors.Alpha, m.Resistors.Eta, m.Resistors.MinConductance, m.Resistors.MaxConductance,
             m.Transistors.Gain, m.Transistors.LearningTime, m.Transistors.Rc, m.Transistors.MinGate, m.Transistors.MaxGate],
            ElementWire.From(m.Transistors.Device)),
        _ => throw new NotSupportedException($"learning rule '{rule.Name}' has no wire form"),
    };

    private static ILearningRule Decode(string rule, double[] p, ElementWire? device) => rule switch
    {
        ContinuousRule.RuleName => new ContinuousRule(p[0], p[1], p[2], p[3]),
        PotentiometerRule.RuleName => new PotentiometerRule(((Potentiometer)device!.ToElement()).Ladder, p[0]),
        GateRule.RuleName => new GateRule(p[0], p[1], p[2], p[3], p[4], (Transistor)device!.ToElement()),
        MixedRule.RuleName => new MixedRule(new ContinuousRule(p[0], p[1], p[2], p[3]), new GateRule(p[4], p[5], p[6], p[7], p[8], (Transistor)device!.ToElement())),
        _ => throw new NotSupportedException($"learning rule '{rule}' has no wire form"),
    };
}
