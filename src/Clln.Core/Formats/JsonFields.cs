using System.Text.Json;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// Strict access to the fields of one JSON object, every error naming the file and the field's
/// path ("net.json: edges[2].from: ..."). Shared by the project's JSON readers.
/// </summary>
public sealed class JsonFields
{
    private readonly string _source;
    private readonly string _path;
    private readonly JsonElement _element;

    public JsonFields(string source, string path, JsonElement element)
    {
        _source = source;
        _path = path;
        _element = element;
        if (element.ValueKind != JsonValueKind.Object)
            throw new BadInputException($"{Where}: expected an object, found {Describe(element)}");
    }

    /// <summary>"file: path", for messages about this object as a whole.</summary>
    public string Where => _path.Length == 0 ? _source : $"{_source}: {_path}";

    public JsonElement Element => _element;

    public BadInputException Error(string field, string message) => new($"{WhereField(field)}: {message}");

    /// <summary>"file: path.field", for messages about one field.</summary>
    public string WhereField(string field) => $"{_source}: {FieldPath(field)}";

    /// <summary>Rejects any field not in <paramref name="allowed"/>: a typo must not be silently ignored.</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var property in _element.EnumerateObject())
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
                throw Error(property.Name, $"unknown field (expected one of: {string.Join(", ", allowed)})");
    }

    public bool Has(string field) => _element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public string RequiredString(string field) => OptionalString(field) ?? throw Error(field, "missing (a string is required)");

    public string? OptionalString(string field)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Error(field, $"expected a string, found {Describe(value)}");
    }

    public double RequiredNumber(string field) => OptionalNumber(field) ?? throw Error(field, "missing (a number is required)");

    public double? OptionalNumber(string field)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw Error(field, $"expected a finite number, found {Describe(value)}");
        return number;
    }

    public int? OptionalInteger(string field)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error(field, $"expected an integer, found {Describe(value)}");
    }

    public bool? OptionalBool(string field)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, $"expected true or false, found {Describe(value)}"),
        };
    }

    public IReadOnlyList<JsonElement> RequiredArray(string field)
    {
        if (!_element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            throw Error(field, "missing (an array is required)");
        return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : throw Error(field, $"expected an array, found {Describe(value)}");
    }

    /// <summary>The object at <paramref name="field"/>[<paramref name="index"/>].</summary>
    public JsonFields Item(string field, int index, JsonElement item) => new(_source, $"{FieldPath(field)}[{index}]", item);

    /// <summary>The object at <paramref name="field"/>.</summary>
    public JsonFields? OptionalObject(string field) =>
        _element.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? new JsonFields(_source, FieldPath(field), value) : null;

    private string FieldPath(string field) => _path.Length == 0 ? field : $"{_path}.{field}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
