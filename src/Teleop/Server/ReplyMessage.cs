using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>The answer to a command: whether it was carried out, and why not.</summary>
public sealed class ReplyMessage
{
    /// <summary>The message kind.</summary>
    [JsonPropertyName("type")] public string Type => "reply";

    /// <summary>The command answered.</summary>
    [JsonPropertyName("command")] public required string Command { get; init; }

    /// <summary>Whether it was carried out.</summary>
    [JsonPropertyName("ok")] public bool Ok { get; init; }

    /// <summary>Why not (or a remark), else null.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
