using System.Text.Json;
using Clln.Core.Mechanics;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// The elastic network file (docs/formats.md, "Elastic networks"): named nodes at positions in the
/// plane (metres), held or free, and named springs between them (stiffness in N/m, rest length in
/// metres, by default the distance between its nodes: unstressed at rest). Reading is as strict as
/// the circuit file's: unknown fields, wrong types and bad values are one-line errors naming the
/// file and the field; a degenerate network (coincident nodes, a zero-length spring, a network
/// not rigid under its held nodes) names the file and the element.
/// </summary>
public static class SpringJson
{
    public const string FormatName = "clln-springs";
    public const int Version = 1;

    public static SpringNetwork ReadFile(string path)
    {
        string text;
        try { text = InputFile.ReadAllText(path); }
        catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        return Read(text, path);
    }

    public static SpringNetwork Read(string text, string source)
    {
        JsonDocument document;
        try { document = StrictJson.Parse(text, source); }
        catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        using (document)
        {
            try { return ReadNetwork(document.RootElement, source); }
            catch (BadInputException e) when (e is not InvalidNetworkException) { throw new InvalidNetworkException(e.Message); }
        }
    }

    private static SpringNetwork ReadNetwork(JsonElement root, string source)
    {
        var fields = new JsonFields(source, "", root);
        fields.AllowOnly("format", "version", "name", "description", "nodes", "springs");
        if (fields.OptionalString("format") is { } format && format != FormatName)
            throw Invalid(fields.Error("format", $"expected \"{FormatName}\", found \"{format}\""));
        if (fields.OptionalNumber("version") is { } version && version != Version)
            throw Invalid(fields.Error("version", $"version {version} is not supported (this program reads version {Version})"));

        var nodes = new List<MechanicalNode>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodeItems = fields.RequiredArray("nodes");
        for (var i = 0; i < nodeItems.Count; i++)
        {
            var node = fields.Item("nodes", i, nodeItems[i]);
            node.AllowOnly("name", "x", "y", "held");
            var name = node.RequiredString("name");
            if (!index.TryAdd(name, i)) throw Invalid(node.Error("name", $"node '{name}' is already defined"));
            nodes.Add(new MechanicalNode(name, node.RequiredNumber("x"), node.RequiredNumber("y"), node.OptionalBool("held") ?? false));
        }

        var springs = new List<Spring>();
        var springItems = fields.RequiredArray("springs");
        for (var j = 0; j < springItems.Count; j++)
        {
            var spring = fields.Item("springs", j, springItems[j]);
            spring.AllowOnly("name", "from", "to", "stiffness", "rest_length");
            int End(string field) => index.TryGetValue(spring.RequiredString(field), out var at)
                ? at
                : throw Invalid(spring.Error(field, $"unknown node '{spring.RequiredString(field)}'"));
            var (a, b) = (End("from"), End("to"));
            var stiffness = spring.RequiredNumber("stiffness");
            if (!(stiffness > 0)) throw Invalid(spring.Error("stiffness", $"must be positive, not {stiffness}"));
            var rest = spring.OptionalNumber("rest_length") ?? nodes[a].DistanceTo(nodes[b]);
            springs.Add(new Spring(spring.RequiredString("name"), a, b, stiffness, rest));
        }
        try { return new SpringNetwork(nodes, springs); }
        catch (InvalidNetworkException e) { throw new InvalidNetworkException($"{source}: {e.Message}"); }
    }

    private static InvalidNetworkException Invalid(BadInputException e) => new(e.Message);

    /// <summary>
    /// The network as a clln-springs file, every rest length written out (a trained network's are
    /// no longer the distances between its nodes); numbers in their shortest exact form, so reading
    /// it back gives the same network bit for bit.
    /// </summary>
    public static string Write(SpringNetwork network, string? description = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", FormatName);
            json.WriteNumber("version", Version);
            if (description is not null) json.WriteString("description", description);
            json.WriteStartArray("nodes");
            foreach (var node in network.Nodes)
            {
                json.WriteStartObject();
                json.WriteString("name", node.Name);
                json.WriteNumber("x", node.X);
                json.WriteNumber("y", node.Y);
                if (node.Held) json.WriteBoolean("held", true);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("springs");
            foreach (var spring in network.Springs)
            {
                json.WriteStartObject();
                json.WriteString("name", spring.Name);
                json.WriteString("from", network.Nodes[spring.A].Name);
                json.WriteString("to", network.Nodes[spring.B].Name);
                json.WriteNumber("stiffness", spring.Stiffness);
                json.WriteNumber("rest_length", spring.RestLength);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
