namespace RobotEdge.Bus.Messages;

/// <summary>
/// The planner's output: joint positions the controller should track, still carrying the stamp of
/// the frame it was derived from. Positions are in radians in the robot's joint order.
/// </summary>
public struct JointGoal
{
    /// <summary>The frame this goal was derived from.</summary>
    public FrameStamp Stamp;

    /// <summary>Number of valid joints in <see cref="PositionsRad"/>.</summary>
    public int JointCount;

    /// <summary>Goal positions, radians.</summary>
    public JointVector PositionsRad;

    /// <summary>Real monotonic time at which the planner produced this goal, in nanoseconds.</summary>
    public long PlannedRealNs;
}
