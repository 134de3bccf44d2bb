using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>
/// One message from the page (a WebSocket text frame, JSON). <see cref="Type"/> says which fields
/// apply: <c>hello</c> (name, token) must come first; then <c>take</c>, <c>release</c>,
/// <c>heartbeat</c>, <c>mode</c> (mode), <c>jog</c> (joint, deltaRad), <c>cartesian</c> (dx, dy, dz
/// in metres, base frame), <c>estop</c> (id), <c>reset</c>. A command may carry an <c>id</c>; its
/// reply echoes it, so the page can tell which press of the E-STOP the robot confirmed.
/// </summary>
public sealed class ClientMessage
{
    /// <summary>The message kind.</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }

    /// <summary>The page's number for this command (echoed in the reply), or 0.</summary>
    [JsonPropertyName("id")] public long Id { get; set; }

    /// <summary>hello: the operator's name.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }

    /// <summary>hello: the operator's token.</summary>
    [JsonPropertyName("token")] public string? Token { get; set; }

    /// <summary>mode: auto, manual or stopped.</summary>
    [JsonPropertyName("mode")] public string? Mode { get; set; }

    /// <summary>jog: joint index.</summary>
    [JsonPropertyName("joint")] public int Joint { get; set; }

    /// <summary>jog: change of the joint's set point, radians.</summary>
    [JsonPropertyName("deltaRad")] public double DeltaRad { get; set; }

    /// <summary>cartesian: change of the aim point along base X, metres.</summary>
    [JsonPropertyName("dx")] public double Dx { get; set; }

    /// <summary>cartesian: change along base Y, metres.</summary>
    [JsonPropertyName("dy")] public double Dy { get; set; }

    /// <summary>cartesian: change along base Z, metres.</summary>
    [JsonPropertyName("dz")] public double Dz { get; set; }
}
