using MessagePack;

namespace RobotEdge.Bus.Network.Protocol;

/// <summary>A site task for this robot (edge → robot, kind 4).</summary>
[MessagePackObject]
public sealed class TaskAssignment : EdgeToRobot
{
    /// <summary>The task's id (the robot names it when done).</summary>
    [Key(0)]
    public string? TaskId { get; set; }

    /// <summary>Where to go on the site map, m.</summary>
    [Key(1)]
    public double XM { get; set; }

    /// <summary>Where to go on the site map, m.</summary>
    [Key(2)]
    public double YM { get; set; }

    /// <summary>What to do there.</summary>
    [Key(3)]
    public string? Description { get; set; }
}
