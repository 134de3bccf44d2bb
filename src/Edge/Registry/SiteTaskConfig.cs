using System.Text.Json.Serialization;

namespace RobotEdge.Edge.Registry;

/// <summary>One task of the site file: a place to go and what to do there.</summary>
public sealed class SiteTaskConfig
{
    /// <summary>The task's id, unique on the site.</summary>
    public string Id { get; set; } = "";

    /// <summary>Where the task is, metres.</summary>
    [JsonPropertyName("xM")]
    public double XM { get; set; }

    /// <summary>Where the task is, metres.</summary>
    [JsonPropertyName("yM")]
    public double YM { get; set; }

    /// <summary>What to do there.</summary>
    public string Description { get; set; } = "";
}
