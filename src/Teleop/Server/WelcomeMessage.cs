using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>Sent once after a successful sign-in: what the page needs to lay itself out.</summary>
public sealed class WelcomeMessage
{
    /// <summary>The message kind.</summary>
    [JsonPropertyName("type")] public string Type => "welcome";

    /// <summary>The signed-in operator.</summary>
    [JsonPropertyName("operator")] public required string Operator { get; init; }

    /// <summary>The robot's name.</summary>
    [JsonPropertyName("robot")] public required string Robot { get; init; }

    /// <summary>Per joint: name and limits.</summary>
    [JsonPropertyName("joints")] public required JointInfo[] Joints { get; init; }

    /// <summary>Video width, pixels.</summary>
    [JsonPropertyName("width")] public int Width { get; init; }

    /// <summary>Video height, pixels.</summary>
    [JsonPropertyName("height")] public int Height { get; init; }

    /// <summary>The end-to-end deadline, ms.</summary>
    [JsonPropertyName("deadlineMs")] public double DeadlineMs { get; init; }

    /// <summary>How often the controlling page must send a heartbeat, ms.</summary>
    [JsonPropertyName("heartbeatMs")] public int HeartbeatMs { get; init; }
}
