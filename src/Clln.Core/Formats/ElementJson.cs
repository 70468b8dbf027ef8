using System.Text.Json;
using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// The element part of an edge in a network file: `"element": kind` and that kind's parameters.
/// New element kinds add a case here and nowhere else in the file format.
/// </summary>
internal static class ElementJson
{
    /// <summary>One ladder object per distinct ladder in a file, so edges share it.</summary>
    private static class Ladders
    {
        private static readonly Dictionary<(int, double, double, bool), TapLadder> Cache = [];

        public static TapLadder Get(int taps, double min, double max, bool log)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue((taps, min, max, log), out var ladder))
                    Cache[(taps, min, max, log)] = ladder = log ? TapLadder.LogSpaced(taps, min, max) : TapLadder.LinearSpaced(taps, min, max);
                return ladder;
            }
        }
    }

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
                    return CircuitLimits.Conductance(k) is { } badConductance ? throw edge.Error("conductance", badConductance) : new Resistor(k);
                var r = resistance!.Value;
                return CircuitLimits.Resistance(r) is { } badResistance ? throw edge.Error("resistance", badResistance) : Resistor.FromResistance(r);
            case Potentiometer.KindName:
                edge.AllowOnly([.. edgeFields, "element", "tap", "taps", "min_ohms", "max_ohms", "spacing"]);
                var taps = edge.OptionalInteger("taps") ?? TapLadder.Lab.Count;
                var min = edge.OptionalNumber("min_ohms") ?? TapLadder.Lab.MinOhms;
                var max = edge.OptionalNumber("max_ohms") ?? TapLadder.Lab.MaxOhms;
                var spacing = edge.OptionalString("spacing") ?? "log";
                if (taps < 2) throw edge.Error("taps", $"a ladder needs at least 2 taps, not {taps}");
                if (!(min > 0 && max > min)) throw edge.Error("min_ohms", $"tap range must satisfy 0 < min_ohms < max_ohms, not {min} .. {max}");
                if (CircuitLimits.Resistance(min) is { } badMin) throw edge.Error("min_ohms", badMin);
                if (CircuitLimits.Resistance(max) is { } badMax) throw edge.Error("max_ohms", badMax);
                var ladder = spacing switch
                {
                    "log" => Ladders.Get(taps, min, max, log: true),
                    "linear" => Ladders.Get(taps, min, max, log: false),
                    _ => throw edge.Error("spacing", $"expected log or linear, not \"{spacing}\""),
                };
                var tap = edge.OptionalInteger("tap") ?? throw edge.Error("tap", "a potentiometer needs its tap (0 = lowest resistance)");
                if (tap < 0 || tap >= taps) throw edge.Error("tap", $"must be between 0 and {taps - 1}, not {tap}");
                return new Potentiometer(ladder, tap);
            case Transistor.KindName:
                return ReadTransistor(edge, edgeFields);
            default:
                throw edge.Error("element", $"unknown element kind \"{kind}\" (expected {Resistor.KindName}, {Potentiometer.KindName} or {Transistor.KindName})");
        }
    }

    /// <summary>A transistor: its gate voltage, and the lab's threshold and K unless given; a leak only when asked for.</summary>
    private static Transistor ReadTransistor(JsonFields edge, string[] edgeFields)
    {
        edge.AllowOnly([.. edgeFields, "element", "gate_voltage", "threshold", "k", "subthreshold_swing"]);
        var gate = edge.OptionalNumber("gate_voltage") ?? throw edge.Error("gate_voltage", "a transistor needs its gate voltage (volts)");
        var threshold = edge.OptionalNumber("threshold") ?? Transistor.LabThreshold;
        var k = edge.OptionalNumber("k") ?? Transistor.LabK;
        if (!(k > 0)) throw edge.Error("k", $"must be positive (amps per volt squared), not {k}");
        if (CircuitLimits.TransistorK(k) is { } badK) throw edge.Error("k", badK);
        if (CircuitLimits.Voltage(gate) is { } badGate) throw edge.Error("gate_voltage", badGate);
        if (CircuitLimits.Voltage(threshold) is { } badThreshold) throw edge.Error("threshold", badThreshold);
        var swing = edge.OptionalNumber("subthreshold_swing");
        if (swing is { } s && !(s > 0)) throw edge.Error("subthreshold_swing", $"must be positive (volts per decade), not {s}");
        return new Transistor(gate, threshold, k, swing);
    }

    public static void Write(Utf8JsonWriter json, IEdgeElement element)
    {
        switch (element)
        {
            case Resistor resistor:
                json.WriteString("element", Resistor.KindName);
                json.WriteNumber("conductance", resistor.Conductance);
                break;
            case Potentiometer pot:
                json.WriteString("element", Potentiometer.KindName);
                json.WriteNumber("tap", pot.Tap);
                json.WriteNumber("taps", pot.Ladder.Count);
                json.WriteNumber("min_ohms", pot.Ladder.MinOhms);
                json.WriteNumber("max_ohms", pot.Ladder.MaxOhms);
                json.WriteString("spacing", pot.Ladder.Spacing);
                break;
            case Transistor transistor:
                json.WriteString("element", Transistor.KindName);
                json.WriteNumber("gate_voltage", transistor.GateVoltage);
                json.WriteNumber("threshold", transistor.Threshold);
                json.WriteNumber("k", transistor.K);
                if (transistor.SubthresholdSwing is { } swing) json.WriteNumber("subthreshold_swing", swing);
                break;
            default:
                throw new NotSupportedException($"cannot write element kind '{element.Kind}'");
        }
    }
}
