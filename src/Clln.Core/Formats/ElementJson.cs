using System.Text.Json;
using Clln.Core.Elements;

namespace Clln.Core.Formats;

/// <summary>
/// The element part of an edge in a network file: `"element": kind` and that kind's parameters.
/// New element kinds add a case here and nowhere else in the file format.
/// </summary>
internal static class ElementJson
{
    /// <summary>Reads the element of an edge object whose other allowed fields are <paramref name="edgeFields"/>.</summary>
    public static IEdgeElement Read(JsonFields edge, params string[] edgeFields)
    {
        var kind = edge.OptionalString("element") ?? Resistor.KindName;
        switch (kind)
        {
            case Resistor.KindName:
                edge.AllowOnly([.. edgeFields, "element", "conductance", "resistance"]);
                var conductance = edge.OptionalNumber("conductance");
                var resistance = edge.OptionalNumber("resistance");
                if (conductance is not null && resistance is not null)
                    throw edge.Error("resistance", "give either conductance or resistance, not both");
                if (conductance is null && resistance is null)
                    throw edge.Error("conductance", "a resistor needs a conductance (siemens) or a resistance (ohms)");
                if (conductance is { } k)
                    return k > 0 && double.IsFinite(k) ? new Resistor(k) : throw edge.Error("conductance", $"must be positive and finite, not {k}");
                var r = resistance!.Value;
                return r > 0 && double.IsFinite(r) ? Resistor.FromResistance(r) : throw edge.Error("resistance", $"must be positive and finite, not {r}");
            default:
                throw edge.Error("element", $"unknown element kind \"{kind}\" (expected {Resistor.KindName})");
        }
    }

    public static void Write(Utf8JsonWriter json, IEdgeElement element)
    {
        switch (element)
        {
            case Resistor resistor:
                json.WriteString("element", Resistor.KindName);
                json.WriteNumber("conductance", resistor.Conductance);
                break;
            default:
                throw new NotSupportedException($"cannot write element kind '{element.Kind}'");
        }
    }
}
