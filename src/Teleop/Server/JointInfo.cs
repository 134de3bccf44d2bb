using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>A joint's name and limits.</summary>
public sealed class JointInfo
{
    /// <summary>Joint name (URDF).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Lower position limit, rad.</summary>
    [JsonPropertyName("lowerRad")] public double LowerRad { get; init; }

    /// <summary>Upper position limit, rad.</summary>
    [JsonPropertyName("upperRad")] public double UpperRad { get; init; }

    /// <summary>Velocity limit, rad/s.</summary>
    [JsonPropertyName("maxVelocityRadPerS")] public double MaxVelocityRadPerS { get; init; }

    /// <summary>Speed at which a jog moves the joint's set point, rad/s.</summary>
    [JsonPropertyName("jogSpeedRadPerS")] public double JogSpeedRadPerS { get; init; }
}
