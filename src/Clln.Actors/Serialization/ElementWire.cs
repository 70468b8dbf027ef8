using Clln.Core.Elements;
using MessagePack;

namespace Clln.Actors.Serialization;

/// <summary>
/// An edge element on the wire: its kind and parameters. Core's elements carry no serializer
/// attributes (Core knows nothing of Akka or MessagePack), so each kind is mapped here; an
/// unknown kind is refused rather than guessed.
/// </summary>
[MessagePackObject]
public sealed record ElementWire(
    [property: Key(0)] string Kind,
    [property: Key(1)] double[] Parameters,
    [property: Key(2)] string? Spacing = null)
{
    public static ElementWire From(IEdgeElement element) => element switch
    {
        Resistor r => new ElementWire(Resistor.KindName, [r.Conductance]),
        Potentiometer p => new ElementWire(Potentiometer.KindName, [p.Ladder.Count, p.Ladder.MinOhms, p.Ladder.MaxOhms, p.Tap], p.Ladder.Spacing),
        // No leak travels as NaN: the parameters stay one flat array of doubles.
        Transistor t => new ElementWire(Transistor.KindName, [t.GateVoltage, t.Threshold, t.K, t.SubthresholdSwing ?? double.NaN]),
        _ => throw new NotSupportedException($"element kind '{element.Kind}' has no wire form"),
    };

    public IEdgeElement ToElement() => Kind switch
    {
        Resistor.KindName => new Resistor(Parameters[0]),
        Potentiometer.KindName => new Potentiometer(Ladder(), (int)Parameters[3]),
        Transistor.KindName => new Transistor(Parameters[0], Parameters[1], Parameters[2], double.IsNaN(Parameters[3]) ? null : Parameters[3]),
        _ => throw new NotSupportedException($"element kind '{Kind}' has no wire form"),
    };

    private TapLadder Ladder()
    {
        var (count, min, max) = ((int)Parameters[0], Parameters[1], Parameters[2]);
        if (count == TapLadder.Lab.Count && min == TapLadder.Lab.MinOhms && max == TapLadder.Lab.MaxOhms && Spacing == TapLadder.Lab.Spacing)
            return TapLadder.Lab;
        return Spacing == "linear" ? TapLadder.LinearSpaced(count, min, max) : TapLadder.LogSpaced(count, min, max);
    }
}
