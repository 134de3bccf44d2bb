using System.Text.Json.Serialization;

namespace RobotEdge.Edge.Registry;

/// <summary>One robot of the site file.</summary>
public sealed class RobotEntryConfig
{
    /// <summary>The robot's id, unique on the site.</summary>
    public string Id { get; set; } = "";

    /// <summary>The robot's secret bearer token (≥ <see cref="SiteFile.MinTokenLength"/> characters).</summary>
    public string Token { get; set; } = "";

    /// <summary>A revoked robot is refused at connection.</summary>
    public bool Revoked { get; set; }

    /// <summary>Position on the site floor until the robot reports one, metres.</summary>
    [JsonPropertyName("xM")]
    public double XM { get; set; }

    /// <summary>Position on the site floor until the robot reports one, metres.</summary>
    [JsonPropertyName("yM")]
    public double YM { get; set; }
}
