using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>The answer to a <see cref="ClockPing"/> (edge → robot, kind 3).</summary>
[MessagePackObject]
public sealed class ClockPong : EdgeToRobot
{
    /// <summary>The ping's send time, robot clock, ns (echoed).</summary>
    [Key(0)]
    public long RobotSendNs { get; set; }

    /// <summary>When the server read the ping, server clock, ns.</summary>
    [Key(1)]
    public long EdgeReceiveNs { get; set; }

    /// <summary>When the server wrote the pong, server clock, ns.</summary>
    [Key(2)]
    public long EdgeSendNs { get; set; }
}
