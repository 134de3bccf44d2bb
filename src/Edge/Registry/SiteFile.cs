using System.Text.Json;

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
    public List<RobotEntryConfig> Robots { get; set; } = [];

    /// <summary>The site's tasks, assigned to robots in this order.</summary>
    public List<SiteTaskConfig> Tasks { get; set; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    /// <summary>Loads and validates a site file; errors name the file and the offending entry.</summary>
    public static SiteFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"site file not found: {path}", path);
        }

        SiteFile? site;
        try
        {
            site = JsonSerializer.Deserialize<SiteFile>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"site file {path} is not valid: {e.Message}", e);
        }

        if (site is null)
        {
            throw new InvalidDataException($"site file {path} is empty");
        }

        site.Validate(path);
        return site;
    }

    /// <summary>Writes the site file as JSON.</summary>
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));

    /// <summary>Checks ids and tokens: present, unique, tokens long enough.</summary>
    public void Validate(string source)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Robots.Count; i++)
        {
            RobotEntryConfig r = Robots[i];
            if (string.IsNullOrWhiteSpace(r.Id) || !ids.Add(r.Id))
            {
                throw new InvalidDataException($"site file {source}: robots[{i}].id is missing or repeated");
            }

            if (r.Token is null || r.Token.Length < MinTokenLength || !tokens.Add(r.Token))
            {
                throw new InvalidDataException($"site file {source}: robots[{i}] ('{r.Id}') needs a unique token of at least {MinTokenLength} characters");
            }
        }

        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Tasks.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Tasks[i].Id) || !taskIds.Add(Tasks[i].Id))
            {
                throw new InvalidDataException($"site file {source}: tasks[{i}].id is missing or repeated");
            }
        }
    }
}
