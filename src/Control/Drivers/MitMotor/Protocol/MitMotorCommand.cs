namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>
/// One MIT-mode set-point: the motor's controller applies
/// <c>torque = Kp·(PositionRad − θ) + Kd·(VelocityRadPerS − ω) + TorqueNm</c> at its own rate
/// (tens of kHz) until the next command. Angles at the output shaft, radians; positive as the
/// motor defines it (after its set-zero).
/// </summary>
/// <param name="PositionRad">Target position, rad; clamped to the limits' position range when encoded.</param>
/// <param name="VelocityRadPerS">Target velocity, rad/s; clamped to the velocity range.</param>
/// <param name="Kp">Position gain, N·m/rad; clamped to the kp range (0 disables position control).</param>
/// <param name="Kd">Velocity gain, N·m·s/rad; clamped to the kd range, at most one step below its top (README).</param>
/// <param name="TorqueNm">Feed-forward torque, N·m; clamped to the torque range.</param>
public readonly record struct MitMotorCommand(float PositionRad, float VelocityRadPerS, float Kp, float Kd, float TorqueNm)
{
    /// <summary>Zero position, velocity, gains and torque: the motor applies no torque.</summary>
    public static MitMotorCommand Zero => default;
}
