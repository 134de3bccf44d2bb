using System.Text;
using System.Text.Json;

namespace RobotEdge.Bus.Configuration;

/// <summary>
/// Where each field of a JSON configuration file is: its path (<c>camera.fx</c>,
/// <c>buses[0].joints[2]</c>, compared ignoring case as Microsoft.Extensions.Configuration does) to the
/// 1-based line and column of its name (array elements: of their value). Built once per load from the
/// file's bytes; comments and trailing commas are allowed, as every loader here allows them.
/// </summary>
public sealed class JsonLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _byPath = new(StringComparer.OrdinalIgnoreCase);

    private JsonLocations()
    {
    }

    /// <summary>The reader settings every configuration file is read with.</summary>
    public static JsonReaderOptions ReaderOptions => new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The document settings matching <see cref="ReaderOptions"/>.</summary>
    public static JsonDocumentOptions DocumentOptions => new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Parses <paramref name="utf8"/>, the contents of <paramref name="file"/>, and indexes its fields.
    /// Invalid JSON throws a <see cref="InvalidDataException"/> giving the line and column where reading stopped.
    /// </summary>
    public static JsonDocument Parse(string file, byte[] utf8, out JsonLocations locations)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw ConfigProblems.Refusal(file, [SyntaxProblem(e)], e);
        }

        locations = Index(utf8);
        return document;
    }

    /// <summary>
    /// A <see cref="JsonException"/> from System.Text.Json as a problem: its reason without the
    /// reader's own position suffix, the field's path when it names one, and 1-based line and column.
    /// </summary>
    public static ConfigProblem SyntaxProblem(JsonException e)
    {
        string reason = e.Message;
        foreach (string marker in new[] { " Path: ", " LineNumber: " })
        {
            int cut = reason.IndexOf(marker, StringComparison.Ordinal);
            if (cut >= 0)
            {
                reason = reason[..cut];
            }
        }

        string path = e.Path is null or "$" ? "" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        int line = e.LineNumber is long l ? (int)l + 1 : 0;
        int column = e.BytePositionInLine is long c ? (int)c + 1 : 0;
        return new ConfigProblem(path, path.Length == 0 ? $"invalid JSON: {reason.TrimEnd('.')}" : reason.TrimEnd('.'), line, column);
    }

    /// <summary>
    /// The line and column of <paramref name="path"/>; when the field is not in the file (a missing
    /// field), those of its nearest enclosing section that is; null when none is.
    /// </summary>
    public (int Line, int Column)? Find(string path)
    {
        for (string p = path; p.Length > 0; p = Parent(p))
        {
            if (_byPath.TryGetValue(p, out (int Line, int Column) at))
            {
                return at;
            }
        }

        return null;
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static JsonLocations Index(byte[] utf8)
    {
        var locations = new JsonLocations();
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        // One frame per open container: the path of the container and, in arrays, the next index.
        var frames = new Stack<(string Path, bool IsArray, int NextIndex)>();
        string? pendingName = null;
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    string parent = frames.Count == 0 ? "" : frames.Peek().Path;
                    pendingName = Join(parent, reader.GetString()!);
                    locations.Add(pendingName, (int)reader.TokenStartIndex, utf8, lineStarts);
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    break;
                default:
                    string here = ValuePath(frames, ref pendingName);
                    if (frames.Count > 0 && frames.Peek().IsArray)
                    {
                        locations.Add(here, (int)reader.TokenStartIndex, utf8, lineStarts);
                    }

                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        frames.Push((here, reader.TokenType == JsonTokenType.StartArray, 0));
                    }

                    break;
            }
        }

        return locations;
    }

    /// <summary>The path of the value just read: the pending property's, or the next element of the enclosing array.</summary>
    private static string ValuePath(Stack<(string Path, bool IsArray, int NextIndex)> frames, ref string? pendingName)
    {
        if (frames.Count > 0 && frames.Peek().IsArray)
        {
            (string path, bool isArray, int next) = frames.Pop();
            frames.Push((path, isArray, next + 1));
            return $"{path}[{next}]";
        }

        string name = pendingName ?? "";
        pendingName = null;
        return name;
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private void Add(string path, int offset, byte[] utf8, List<int> lineStarts)
    {
        int line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        int column = Encoding.UTF8.GetCharCount(utf8, lineStarts[line], offset - lineStarts[line]) + 1;
        _byPath.TryAdd(path, (line + 1, column));
    }
}
