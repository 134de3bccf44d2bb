using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>A clock-offset probe (robot → edge, kind 3); the server answers with a <see cref="ClockPong"/> at once.</summary>
[MessagePackObject]
public sealed class ClockPing : RobotToEdge
{
    /// <summary>When the robot sent it, robot clock, ns.</summary>
    [Key(0)]
    public long RobotSendNs { get; set; }
}
