namespace RobotEdge.Bus.Messages;

/// <summary>
/// What the control loop sends to the actuators on one tick: a velocity command per joint, with the
/// position it expects to reach by the next tick (devices in position mode use the position).
/// </summary>
public struct JointCommand
{
    /// <summary>Number of valid joints.</summary>
    public int JointCount;

    /// <summary>Commanded position for the end of this tick, radians.</summary>
    public JointVector PositionsRad;

    /// <summary>Commanded velocity, rad/s.</summary>
    public JointVector VelocitiesRadPerS;

    /// <summary>
    /// Feed-forward effort per joint, N·m (0 when the controller commands none). Devices with a
    /// torque input add it; the safety layer bounds it by the joint's effort limit.
    /// </summary>
    public JointVector EffortsNm;

    /// <summary>Time of the command on the loop's clock, nanoseconds.</summary>
    public long TimestampNs;
}
