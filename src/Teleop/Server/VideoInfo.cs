using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>Video figures.</summary>
public sealed class VideoInfo
{
    /// <summary>Frames encoded and offered.</summary>
    [JsonPropertyName("sent")] public long Sent { get; init; }

    /// <summary>Average JPEG encoding time, ms.</summary>
    [JsonPropertyName("encodeMs")] public double EncodeMs { get; init; }

    /// <summary>Size of the newest frame message, bytes.</summary>
    [JsonPropertyName("bytes")] public long Bytes { get; init; }

    /// <summary>Frames superseded before a slow page could take them.</summary>
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
}
