using Clln.Actors.Wiring;
using Clln.Core.Elements;
using Clln.Core.Learning;
using Clln.Core.Training;
using MessagePack;

namespace Clln.Actors.Serialization;

/// <summary>
/// An edge's learning rule and update clock on the wire, for members that host edges of a run.
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
    [property: Key(5)] int ClockSeed)
{
    public static LearningWire From(LearningSetup setup)
    {
        var (rule, parameters, device) = Encode(setup.Rule);
        return new LearningWire(rule, parameters, device, setup.Clock.Kind, setup.Clock.Rate, setup.Clock.Seed);
    }

    public LearningSetup ToSetup() => new(Decode(Rule, Parameters, Device), new UpdateClock(Clock, ClockRate, ClockSeed));

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
