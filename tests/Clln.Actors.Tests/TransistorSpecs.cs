using Clln.Actors.Edges;
using Clln.Actors.Serialization;
using Clln.Core.Elements;

namespace Clln.Actors.Tests;

/// <summary>Transistor edges on the actors: they cross the wire intact.</summary>
public sealed class TransistorSpecs : EngineSpec
{
    [Fact]
    public void Transistors_cross_the_wire_as_the_same_device_with_or_without_a_leak()
    {
        IEdgeElement[] elements = [new Transistor(1.3), new Transistor(0.4, 0.55, 1.2e-3, 0.1), new Transistor(-0.2, subthresholdSwing: 0.08)];
        var serializer = (CllnSerializer)Sys.Serialization.FindSerializerFor(new EdgePhase(1, null, 0));
        foreach (var element in elements)
        {
            var message = new EdgePhase(3, ElementWire.From(element), 0);
            var back = (EdgePhase)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
            var device = back.Element!.ToElement();
            Assert.Equal(element, device);
            Assert.Equal(element.Respond(0.7, 0.1), device.Respond(0.7, 0.1));
        }
    }
}
