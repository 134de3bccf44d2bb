namespace RobotEdge.Sim.Devices;

/// <summary>
/// Where a virtual servo's control table keeps the registers the chain acts on itself, as byte
/// addresses of the protocol's table (the datasheet's). Writes apply only inside
/// [<see cref="FirstWritable"/>, <see cref="EndWritable"/>).
/// </summary>
/// <param name="FirstWritable">First writable address.</param>
/// <param name="EndWritable">One past the last writable address.</param>
/// <param name="TorqueEnable">Address of the one-byte Torque Enable register.</param>
/// <param name="GoalPosition">Address of the Goal Position register.</param>
/// <param name="GoalPositionWidth">Width of Goal Position, bytes (4 on Dynamixel X, 2 on Feetech STS).</param>
internal readonly record struct VirtualServoTableLayout(
    int FirstWritable,
    int EndWritable,
    int TorqueEnable,
    int GoalPosition,
    int GoalPositionWidth);
