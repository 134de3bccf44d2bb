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

    /// <summary>
    /// The heartbeat period after which the robot stops when the controlling page's heartbeats do not
    /// come (the safety layer's operator timeout), ms. The page declares its link lost when nothing
    /// arrived for this long, so it never shows a robot as running for longer than the robot would
    /// keep running without it.
    /// </summary>
    [JsonPropertyName("linkTimeoutMs")] public double LinkTimeoutMs { get; init; }

    /// <summary>State messages per second the page should expect.</summary>
    [JsonPropertyName("stateRateHz")] public double StateRateHz { get; init; }

    /// <summary>Largest joint jog step accepted, rad.</summary>
    [JsonPropertyName("maxJogStepRad")] public double MaxJogStepRad { get; init; }

    /// <summary>Largest Cartesian jog step accepted, m.</summary>
    [JsonPropertyName("maxCartesianStepM")] public double MaxCartesianStepM { get; init; }
}
