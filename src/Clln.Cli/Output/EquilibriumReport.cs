using System.Text;
using System.Text.Json;
using Clln.Core.Model;
using Clln.Core.Solving;
using Spectre.Console;

namespace Clln.Cli.Output;

/// <summary>How `clln solve` shows an equilibrium: one JSON object for programs, aligned tables for people.</summary>
public static class EquilibriumReport
{
    /// <summary>
    /// Null when every voltage, current and the power are numbers, else the first that is not
    /// ("node n3: voltage NaN"): JSON holds no NaN or infinity, and a table of them answers nothing.
    /// </summary>
    public static string? NonFinite(Network network, Equilibrium equilibrium)
    {
        for (var i = 0; i < network.NodeCount; i++)
            if (!double.IsFinite(equilibrium.Voltages[i])) return $"node {network.Nodes[i].Name}: voltage {Show(equilibrium.Voltages[i])}";
        for (var j = 0; j < network.EdgeCount; j++)
            if (!double.IsFinite(equilibrium.Currents[j])) return $"edge {network.Edges[j].Name}: current {Show(equilibrium.Currents[j])}";
        return double.IsFinite(equilibrium.Power) ? null : $"power {Show(equilibrium.Power)}";
    }

    private static string Show(double x) => x.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// {"nodes": {name: volts}, "edges": [{name, from, to, current}], "power": watts[, "stats": {name: number or true/false}]},
    /// numbers in shortest round-trip form so nothing is lost.
    /// </summary>
    public static string Json(Network network, Equilibrium equilibrium, IReadOnlyDictionary<string, object>? stats = null)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("nodes");
            for (var i = 0; i < network.NodeCount; i++) json.WriteNumber(network.Nodes[i].Name, equilibrium.Voltages[i]);
            json.WriteEndObject();
            json.WriteStartArray("edges");
            for (var j = 0; j < network.EdgeCount; j++)
            {
                var edge = network.Edges[j];
                json.WriteStartObject();
                json.WriteString("name", edge.Name);
                json.WriteString("from", network.Nodes[edge.From].Name);
                json.WriteString("to", network.Nodes[edge.To].Name);
                json.WriteNumber("current", equilibrium.Currents[j]);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("power", equilibrium.Power);
            if (stats is not null)
            {
                json.WriteStartObject("stats");
                foreach (var (name, value) in stats)
                {
                    if (value is bool flag) json.WriteBoolean(name, flag);
                    else json.WriteNumber(name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Node and edge tables with units, then the total power.</summary>
    public static void Table(IAnsiConsole console, Network network, Equilibrium equilibrium, IReadOnlyDictionary<string, object>? stats = null)
    {
        var nodes = new Table().Border(TableBorder.Simple).Title("Nodes")
            .AddColumn("node").AddColumn("role").AddColumn(new TableColumn("voltage").RightAligned());
        for (var i = 0; i < network.NodeCount; i++)
        {
            var node = network.Nodes[i];
            nodes.AddRow(Markup.Escape(node.Name), node.Role.Word(), SiUnits.Format(equilibrium.Voltages[i], "V"));
        }
        var edges = new Table().Border(TableBorder.Simple).Title("Edges")
            .AddColumn("edge").AddColumn("from").AddColumn("to")
            .AddColumn(new TableColumn("current").RightAligned())
            .AddColumn(new TableColumn("drop").RightAligned())
            .AddColumn(new TableColumn("power").RightAligned());
        for (var j = 0; j < network.EdgeCount; j++)
        {
            var edge = network.Edges[j];
            var drop = equilibrium.Voltages[edge.From] - equilibrium.Voltages[edge.To];
            edges.AddRow(Markup.Escape(edge.Name), Markup.Escape(network.Nodes[edge.From].Name), Markup.Escape(network.Nodes[edge.To].Name),
                SiUnits.Format(equilibrium.Currents[j], "A"), SiUnits.Format(drop, "V"), SiUnits.Format(equilibrium.Currents[j] * drop, "W"));
        }
        console.Write(nodes);
        console.Write(edges);
        console.WriteLine($"Total power dissipated: {SiUnits.Format(equilibrium.Power, "W")}");
        if (stats is not null)
            console.WriteLine(string.Join(", ", stats.Select(s => $"{s.Key} = {(s.Value is bool flag ? (flag ? "true" : "false") : $"{s.Value:G6}")}")));
    }
}
