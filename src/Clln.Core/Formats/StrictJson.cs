using System.Text;
using System.Text.Json;
using Clln.Core.Model;

namespace Clln.Core.Formats;

/// <summary>
/// Parses the project's JSON files. <see cref="JsonDocument"/> keeps only the last of two fields
/// with the same name, so a file that says "conductance" twice would be read silently with one of
/// them; a first pass with <see cref="Utf8JsonReader"/> finds such a pair and names both lines.
/// </summary>
public static class StrictJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// The document in <paramref name="text"/>, whose errors (malformed JSON, a duplicated key) are
    /// <see cref="BadInputException"/> naming <paramref name="source"/> and the line: "net.json:7: ...".
    /// </summary>
    public static JsonDocument Parse(string text, string source)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            RefuseDuplicateKeys(bytes, source);
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? $":{l + 1}" : "";
            throw new BadInputException($"{source}{line}: malformed JSON: {e.Message.Split('\n')[0].Trim()}");
        }
    }

    /// <summary>Walks the tokens, keeping per open object the line each key was first seen on.</summary>
    private static void RefuseDuplicateKeys(byte[] bytes, string source)
    {
        var reader = new Utf8JsonReader(bytes, ReaderOptions);
        var open = new Stack<Dictionary<string, int>?>(); // null for an array: its items have no keys
        var lines = new LineCounter(bytes);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: open.Push(new Dictionary<string, int>(StringComparer.Ordinal)); break;
                case JsonTokenType.StartArray: open.Push(null); break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray: open.Pop(); break;
                case JsonTokenType.PropertyName:
                    var key = reader.GetString()!;
                    var line = lines.LineAt(reader.TokenStartIndex);
                    if (!open.Peek()!.TryAdd(key, line))
                        throw new BadInputException($"{source}:{line}: \"{key}\" given twice (first on line {open.Peek()![key]})");
                    break;
            }
        }
    }

    /// <summary>The 1-based line of a byte offset; offsets only grow, so each byte is counted once.</summary>
    private sealed class LineCounter(byte[] bytes)
    {
        private long _offset;
        private int _line = 1;

        public int LineAt(long offset)
        {
            for (; _offset < offset && _offset < bytes.Length; _offset++)
                if (bytes[_offset] == (byte)'\n') _line++;
            return _line;
        }
    }
}
