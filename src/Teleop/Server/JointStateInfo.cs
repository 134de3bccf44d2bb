using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>One joint in a state message: measured and commanded.</summary>
public sealed class JointStateInfo
{
    /// <summary>Measured position, rad.</summary>
    [JsonPropertyName("positionRad")] public double PositionRad { get; init; }

    /// <summary>Measured velocity, rad/s.</summary>
    [JsonPropertyName("velocityRadPerS")] public double VelocityRadPerS { get; init; }

    /// <summary>Commanded position, rad.</summary>
    [JsonPropertyName("commandRad")] public double CommandRad { get; init; }

    /// <summary>Commanded velocity, rad/s.</summary>
    [JsonPropertyName("commandRadPerS")] public double CommandRadPerS { get; init; }

    /// <summary>Where the operator's jogs lead the joint (manual mode), rad.</summary>
    [JsonPropertyName("setPointRad")] public double SetPointRad { get; init; }

    /// <summary>The device's own words for the joint's fault (<c>IActuatorBus.JointFaultText</c>), or null when it reports none.</summary>
    [JsonPropertyName("fault")] public string? Fault { get; init; }
}
