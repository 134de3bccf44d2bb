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
    string Name, int JointIndex, int DeviceId, double OffsetRad, int Direction, double LowerRad, double UpperRad, double MaxVelocityRadPerS);
