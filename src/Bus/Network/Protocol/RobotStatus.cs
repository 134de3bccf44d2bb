using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>The robot's state for site task assignment, "brain on the edge" (robot → edge, kind 4).</summary>
[MessagePackObject]
public sealed class RobotStatus : RobotToEdge
{
    /// <summary>Position on the site map, m.</summary>
    [Key(0)]
    public double XM { get; set; }

    /// <summary>Position on the site map, m.</summary>
    [Key(1)]
    public double YM { get; set; }

    /// <summary>Whether the robot is faulted (it gets no tasks).</summary>
    [Key(2)]
    public bool Faulted { get; set; }

    /// <summary>The task the robot just finished, if any.</summary>
    [Key(3)]
    public string? CompletedTaskId { get; set; }
}
