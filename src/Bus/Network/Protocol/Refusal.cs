using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>Sent before the server closes a connection it will not serve: bad hello, protocol violation (edge → robot, kind 5).</summary>
[MessagePackObject]
public sealed class Refusal : EdgeToRobot
{
    /// <summary>Why, in one line.</summary>
    [Key(0)]
    public string? Reason { get; set; }
}
