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

    /// <summary>
    /// Whether this command is driven by a perception goal, whose frame is <see cref="SourceFrame"/>;
    /// false for operator goals, stops and holds. Set by the control loop on every tick.
    /// </summary>
    public bool HasSourceFrame;

    /// <summary>
    /// The frame of the newest perception goal the controller is tracking (valid when
    /// <see cref="HasSourceFrame"/>). Every command after that goal carries it until the next one, so
    /// a bus that sends only the newest command still finds the first write carrying the frame's
    /// command (<see cref="Timing.WireTimeline"/>): its capture → wire latency.
    /// </summary>
    public FrameStamp SourceFrame;
}
