namespace RobotEdge.Control.Buses;

/// <summary>
/// How one robot joint maps onto one servo: <c>servoAngleRad = Direction × jointRad + OffsetRad</c>,
/// where the servo angle is the absolute encoder angle (0 ticks = 0 rad, 2,048 ticks = π rad). A joint
/// whose zero sits at the middle of the servo's range therefore has <see cref="OffsetRad"/> = π.
/// </summary>
/// <param name="ServoId">Servo id on the bus: 0–252 for Dynamixel, 0–253 for Feetech.</param>
/// <param name="OffsetRad">Servo angle at joint zero, radians.</param>
/// <param name="Direction">+1 when the servo turns the joint's way, −1 when it turns the other way.</param>
public readonly record struct ServoJoint(byte ServoId, double OffsetRad, int Direction)
{
    /// <summary>Lowest joint angle a goal may ask for, radians; goals are clamped to it. Default −∞.</summary>
    public double LowerRad { get; init; } = double.NegativeInfinity;

    /// <summary>Highest joint angle a goal may ask for, radians; goals are clamped to it. Default +∞.</summary>
    public double UpperRad { get; init; } = double.PositiveInfinity;

    /// <summary>Servo angle for a joint angle, radians.</summary>
    public double ToServoRad(double jointRad) => Direction * jointRad + OffsetRad;

    /// <summary>Joint angle for a servo angle, radians.</summary>
    public double ToJointRad(double servoRad) => Direction * (servoRad - OffsetRad);
}
