namespace RobotEdge.RobotModel.Config;

/// <summary>
/// One joint of a bus group in <c>robot.json</c> (<c>buses[].joints[]</c>): which URDF joint, which
/// device drives it, and how device angles map to joint angles:
/// <c>deviceRad = Direction × jointRad + OffsetRad</c>.
/// </summary>
public sealed class BusJointConfig
{
    /// <summary>The URDF joint's name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Device id: servo id (Dynamixel 0–252, Feetech 0–253) or CAN id (1–255). Default: the joint's position in its group + 1.</summary>
    public int? Id { get; set; }

    /// <summary>
    /// Device angle at joint zero, radians. Default: π for serial servos (joint zero at mid-range,
    /// 2,048 ticks), 0 for CAN motors and in-memory joints.
    /// </summary>
    public double? OffsetRad { get; set; }

    /// <summary>+1 when the device turns the joint's way, −1 when it turns the other way. Default +1.</summary>
    public int Direction { get; set; } = 1;

    /// <summary>Lower position limit, radians, at or above the URDF's; null keeps the URDF's.</summary>
    public double? LowerRad { get; set; }

    /// <summary>Upper position limit, radians, at or below the URDF's; null keeps the URDF's.</summary>
    public double? UpperRad { get; set; }

    /// <summary>Velocity limit, rad/s, at or below the URDF's; null keeps the URDF's.</summary>
    public double? MaxVelocityRadPerS { get; set; }

    /// <summary>
    /// MIT motors on a CAN bus only: the motor model, whose firmware ranges scale every command and
    /// reply (AK10-9, AK60-6, AK70-10, AK80-6, AK80-9, AK80-64, mini-cheetah; see
    /// src/Control/Drivers/MitMotor/README.md). Null with no <see cref="MotorRanges"/>: AK80-9.
    /// </summary>
    public string? Motor { get; set; }

    /// <summary>MIT motors on a CAN bus only: the firmware's ranges written out, for a motor not in the list of <see cref="Motor"/>. Exclusive with <see cref="Motor"/>.</summary>
    public BusMotorRangesConfig? MotorRanges { get; set; }
}
