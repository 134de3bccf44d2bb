using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>A safety event, as the page lists it.</summary>
public sealed class EventInfo
{
    /// <summary>What happened.</summary>
    [JsonPropertyName("kind")] public required string Kind { get; init; }

    /// <summary>Control tick of the event.</summary>
    [JsonPropertyName("tick")] public long Tick { get; init; }

    /// <summary>The stop causes after the event.</summary>
    [JsonPropertyName("causes")] public required string Causes { get; init; }

    /// <summary>The mode after the event.</summary>
    [JsonPropertyName("mode")] public required string Mode { get; init; }
}
