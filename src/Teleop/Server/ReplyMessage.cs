using System.Text.Json.Serialization;

namespace RobotEdge.Teleop.Server;

/// <summary>
/// The answer to a command: whether it was carried out (<see cref="Ok"/>), and why not. A command
/// carried out only in part (a jog stopped at a joint limit) is ok with <see cref="Limited"/> set and
/// the reason saying what was done; a refusal is never ok.
/// </summary>
public sealed class ReplyMessage
{
    /// <summary>The message kind.</summary>
    [JsonPropertyName("type")] public string Type => "reply";

    /// <summary>The command answered.</summary>
    [JsonPropertyName("command")] public required string Command { get; init; }

    /// <summary>The command's <see cref="ClientMessage.Id"/>, or 0.</summary>
    [JsonPropertyName("id")] public long Id { get; init; }

    /// <summary>Whether it was carried out (in full, or in part when <see cref="Limited"/>).</summary>
    [JsonPropertyName("ok")] public bool Ok { get; init; }

    /// <summary>Carried out only in part; <see cref="Reason"/> says how far.</summary>
    [JsonPropertyName("limited")] public bool Limited { get; init; }

    /// <summary>Why not, what was limited, or a remark the operator needs (the robot stays stopped); else null.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
}
