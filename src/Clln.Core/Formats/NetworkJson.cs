using System.Text;
using System.Text.Json;
using Clln.Core.Elements;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// The project's own network file: JSON with named nodes (role, held voltage) and named edges
/// (element kind and parameters). Documented in docs/formats.md. Reading is strict: unknown fields,
/// wrong types and bad values are errors naming the file and the field, e.g. "net.json: edges[3].conductance: ...".
/// </summary>
public static class NetworkJson
{
    public const string FormatName = "clln-network";
    public const int Version = 1;

    public static Network ReadFile(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path); }
        catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        return Read(text, path);
    }

    public static Network Read(string text, string source)
    {
        JsonDocument document;
        try { document = StrictJson.Parse(text, source); }
        catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        using (document) return new Reader(source).ReadNetwork(document.RootElement);
    }

    /// <summary>The network as an indented JSON document, numbers in shortest round-trip form.</summary>
    public static string Write(Network network)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("version", Version);
            json.WriteStartArray("nodes");
            foreach (var node in network.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("name", node.Name);
                json.WriteString("role", node.Role.Word());
                if (node.IsHeld && node.Role != NodeRole.Ground) json.WriteNumber("voltage", node.Voltage);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("edges");
            foreach (var edge in network.Edges)
            {
                json.WriteStartObject();
                json.WriteString("name", edge.Name);
                json.WriteString("from", network.Nodes[edge.From].Name);
                json.WriteString("to", network.Nodes[edge.To].Name);
                ElementJson.Write(json, edge.Element);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads one document, remembering the file name for every error.</summary>
    private sealed class Reader(string source)
    {
        public Network ReadNetwork(JsonElement root)
        {
            var fields = new JsonFields(source, "", root);
            fields.AllowOnly("format", "version", "name", "description", "nodes", "edges");
            if (fields.OptionalString("format") is { } format && format != FormatName)
                throw fields.Error("format", $"expected \"{FormatName}\", found \"{format}\"");
            if (fields.OptionalNumber("version") is { } version && version != Version)
                throw fields.Error("version", $"version {version} is not supported (this program reads version {Version})");

            var builder = new NetworkBuilder();
            var nodes = fields.RequiredArray("nodes");
            for (var i = 0; i < nodes.Count; i++)
            {
                var node = fields.Item("nodes", i, nodes[i]);
                node.AllowOnly("name", "role", "voltage");
                var name = node.RequiredString("name");
                var roleWord = node.OptionalString("role") ?? NodeRole.Free.Word();
                if (!NodeRoleExtensions.TryParse(roleWord, out var role))
                    throw node.Error("role", $"unknown role \"{roleWord}\" (expected free, output, input, ground or bias)");
                var voltage = node.OptionalNumber("voltage");
                if (voltage is { } v && CircuitLimits.Voltage(v) is { } badVoltage) throw node.Error("voltage", badVoltage);
                if (role is NodeRole.Input or NodeRole.Bias && voltage is null)
                    throw node.Error("voltage", $"a node with role {role.Word()} needs a voltage");
                if (!role.IsHeld() && voltage is not null)
                    throw node.Error("voltage", $"a {role.Word()} node floats, so it cannot have a voltage (use role input, ground or bias)");
                builder.AddNode(new Node(name, role, voltage ?? 0.0), node.Where);
            }

            var edges = fields.RequiredArray("edges");
            for (var j = 0; j < edges.Count; j++)
            {
                var edge = fields.Item("edges", j, edges[j]);
                var name = edge.RequiredString("name");
                var from = edge.RequiredString("from");
                var to = edge.RequiredString("to");
                var element = ElementJson.Read(edge, "name", "from", "to");
                builder.AddEdge(name, from, to, element, edge.Where);
            }
            return builder.Build(source);
        }
    }
}
