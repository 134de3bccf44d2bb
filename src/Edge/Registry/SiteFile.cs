using System.Text.Json;
using RobotEdge.Bus.Configuration;

namespace RobotEdge.Edge.Registry;

/// <summary>
/// The site file given to <c>robotedge edge --robots FILE</c>: the robots allowed to join, each with
/// its own token, and the site's task list. JSON, camelCase:
/// <code>
/// { "robots": [ { "id": "arm-1", "token": "…at least 16 characters…", "revoked": false, "xM": 0, "yM": 0 } ],
///   "tasks":  [ { "id": "inspect-3", "xM": 4.0, "yM": 1.5, "description": "inspect shelf 3" } ] }
/// </code>
/// </summary>
public sealed class SiteFile
{
    /// <summary>Shortest token accepted, characters.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Robots allowed to join.</summary>
    [RequiredField("a site file lists the robots allowed to join, each with its token")]
    public List<RobotEntryConfig> Robots { get; set; } = [];

    /// <summary>The site's tasks, assigned to robots in this order.</summary>
    public List<SiteTaskConfig> Tasks { get; set; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Site files are ours: a misspelt field (<c>"revokd": true</c>) would silently keep its default, so an unknown field is an error.</summary>
    private static readonly JsonShapeOptions Shape = new(JsonNamingPolicy.CamelCase, IgnoreCase: false, UnknownFieldsAreErrors: true);

    /// <summary>
    /// Loads and validates a site file. Throws <see cref="FileNotFoundException"/> when it is
    /// missing, <see cref="InvalidDataException"/> naming the file and each field at fault (with its line
    /// and column) when it is refused.
    /// </summary>
    public static SiteFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"site file not found: {path}", path);
        }

        string where = $"site file {path}";
        byte[] bytes = File.ReadAllBytes(path);
        using JsonDocument document = JsonLocations.Parse(where, bytes, out JsonLocations locations);
        var problems = new ConfigProblems(where, locations);
        JsonShape.Check(document.RootElement, typeof(SiteFile), problems, Shape);
        problems.ThrowIfAny();

        SiteFile site;
        try
        {
            site = document.RootElement.Deserialize<SiteFile>(JsonOptions)!;
        }
        catch (JsonException e)
        {
            throw ConfigProblems.Refusal(where, [JsonLocations.SyntaxProblem(e)], e);
        }

        site.Validate(problems);
        problems.ThrowIfAny();
        return site;
    }

    /// <summary>Writes the site file as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>Checks ids and tokens (present, unique, tokens long enough) and positions (finite); throws a <see cref="InvalidDataException"/> naming each problem.</summary>
    public void Validate(string source)
    {
        var problems = new ConfigProblems($"site file {source}");
        Validate(problems);
        problems.ThrowIfAny();
    }

    /// <summary>Checks every field: ids and tokens present and unique, tokens long enough, positions finite.</summary>
    public void Validate(ConfigProblems problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Robots.Count; i++)
        {
            RobotEntryConfig r = Robots[i];
            problems.Require(!string.IsNullOrWhiteSpace(r.Id) && ids.Add(r.Id), $"robots[{i}].id", "is missing or repeated");
            problems.Require(r.Token is not null && r.Token.Length >= MinTokenLength && tokens.Add(r.Token), $"robots[{i}].token",
                $"('{r.Id}') must be unique and at least {MinTokenLength} characters long");
            problems.Finite(r.XM, $"robots[{i}].xM");
            problems.Finite(r.YM, $"robots[{i}].yM");
        }

        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Tasks.Count; i++)
        {
            SiteTaskConfig t = Tasks[i];
            problems.Require(!string.IsNullOrWhiteSpace(t.Id) && taskIds.Add(t.Id), $"tasks[{i}].id", "is missing or repeated");
            problems.Finite(t.XM, $"tasks[{i}].xM");
            problems.Finite(t.YM, $"tasks[{i}].yM");
        }
    }
}
