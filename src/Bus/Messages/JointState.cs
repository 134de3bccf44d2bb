namespace RobotEdge.Bus.Messages;

/// <summary>Measured state of a robot's joints, as read from its actuator bus.</summary>
public struct JointState
{
    /// <summary>Number of valid joints.</summary>
    public int JointCount;

    /// <summary>Measured positions, radians.</summary>
    public JointVector PositionsRad;

    /// <summary>Measured velocities, rad/s.</summary>
    public JointVector VelocitiesRadPerS;

    /// <summary>Time of the measurement on the loop's clock, nanoseconds.</summary>
    public long TimestampNs;
}
