using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>Sent once after a successful sign-in: what the page needs to lay itself out.</summary>
public sealed class WelcomeMessage
{
    [JsonPropertyName("type")] public string Type => "welcome";
    [JsonPropertyName("operator")] public required string Operator { get; init; }
    [JsonPropertyName("robot")] public required string Robot { get; init; }
    [JsonPropertyName("joints")] public required JointInfo[] Joints { get; init; }
    [JsonPropertyName("width")] public int Width { get; init; }
    [JsonPropertyName("height")] public int Height { get; init; }
    [JsonPropertyName("deadlineMs")] public double DeadlineMs { get; init; }
    [JsonPropertyName("heartbeatMs")] public int HeartbeatMs { get; init; }
}

/// <summary>A joint's name and limits.</summary>
public sealed class JointInfo
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("lowerRad")] public double LowerRad { get; init; }
    [JsonPropertyName("upperRad")] public double UpperRad { get; init; }
    [JsonPropertyName("maxVelocityRadPerS")] public double MaxVelocityRadPerS { get; init; }
}

/// <summary>The answer to a command: whether it was carried out, and why not.</summary>
public sealed class ReplyMessage
{
    [JsonPropertyName("type")] public string Type => "reply";
    [JsonPropertyName("command")] public required string Command { get; init; }
    [JsonPropertyName("ok")] public bool Ok { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}

/// <summary>The robot's state, sent to every signed-in page about ten times a second.</summary>
public sealed class StateMessage
{
    [JsonPropertyName("type")] public string Type => "state";
    [JsonPropertyName("tick")] public long Tick { get; init; }
    [JsonPropertyName("mode")] public required string Mode { get; init; }
    [JsonPropertyName("motion")] public required string Motion { get; init; }
    [JsonPropertyName("causes")] public required string[] Causes { get; init; }
    [JsonPropertyName("estop")] public bool EStop { get; init; }
    [JsonPropertyName("estopLatencyUs")] public double EStopLatencyUs { get; init; }
    [JsonPropertyName("joints")] public required JointStateInfo[] Joints { get; init; }
    [JsonPropertyName("lease")] public string? LeaseHolder { get; set; }
    [JsonPropertyName("mine")] public bool Mine { get; set; }
    [JsonPropertyName("frames")] public required double[][] Frames { get; init; }
    [JsonPropertyName("commands")] public required double[][] Commands { get; init; }
    [JsonPropertyName("framesTotal")] public long FramesTotal { get; init; }
    [JsonPropertyName("commandsTotal")] public long CommandsTotal { get; init; }
    [JsonPropertyName("misses")] public long Misses { get; init; }
    [JsonPropertyName("video")] public required VideoInfo Video { get; init; }
    [JsonPropertyName("events")] public required EventInfo[] Events { get; init; }
}

/// <summary>One joint in a state message: measured and commanded.</summary>
public sealed class JointStateInfo
{
    [JsonPropertyName("positionRad")] public double PositionRad { get; init; }
    [JsonPropertyName("velocityRadPerS")] public double VelocityRadPerS { get; init; }
    [JsonPropertyName("commandRad")] public double CommandRad { get; init; }
    [JsonPropertyName("commandRadPerS")] public double CommandRadPerS { get; init; }
    [JsonPropertyName("setPointRad")] public double SetPointRad { get; init; }
}

/// <summary>Video figures.</summary>
public sealed class VideoInfo
{
    [JsonPropertyName("sent")] public long Sent { get; init; }
    [JsonPropertyName("encodeMs")] public double EncodeMs { get; init; }
    [JsonPropertyName("bytes")] public long Bytes { get; init; }
    [JsonPropertyName("dropped")] public long Dropped { get; init; }
}

/// <summary>A safety event, as the page lists it.</summary>
public sealed class EventInfo
{
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("tick")] public long Tick { get; init; }
    [JsonPropertyName("causes")] public required string Causes { get; init; }
    [JsonPropertyName("mode")] public required string Mode { get; init; }
}

/// <summary>Source-generated JSON for the console's messages (no reflection at run time).</summary>
[JsonSerializable(typeof(ClientMessage))]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(ReplyMessage))]
[JsonSerializable(typeof(StateMessage))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
internal sealed partial class ConsoleJson : JsonSerializerContext;
