namespace RobotEdge.RobotModel.Config;

/// <summary>One joint of a resolved <see cref="BusGroupLayout"/>: defaults filled in, limits final.</summary>
/// <param name="Name">The URDF joint's name.</param>
/// <param name="JointIndex">The joint's index in the robot's joint order (JointState / JointCommand index).</param>
/// <param name="DeviceId">Servo id or CAN id.</param>
/// <param name="OffsetRad">Device angle at joint zero, radians.</param>
/// <param name="Direction">+1 or −1: <c>deviceRad = Direction × jointRad + OffsetRad</c>.</param>
/// <param name="LowerRad">Lower position limit, radians (URDF, possibly tightened).</param>
/// <param name="UpperRad">Upper position limit, radians (URDF, possibly tightened).</param>
/// <param name="MaxVelocityRadPerS">Velocity limit, rad/s (URDF, possibly tightened).</param>
public readonly record struct BusJointLayout(
    string Name, int JointIndex, int DeviceId, double OffsetRad, int Direction, double LowerRad, double UpperRad, double MaxVelocityRadPerS)
{
    /// <summary>CAN MIT motors: the motor model robot.json names (checked against the driver's list when the bus is built), or null.</summary>
    public string? Motor { get; init; }

    /// <summary>CAN MIT motors: explicit firmware ranges, or null (then <see cref="Motor"/>, or the driver's default model).</summary>
    public BusMotorRanges? MotorRanges { get; init; }
}
