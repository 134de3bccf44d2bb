using RobotEdge.Control.Drivers.MitMotor;

namespace RobotEdge.Control.Buses;

/// <summary>
/// One joint driven by one MIT-mode motor: which motor, the firmware's ranges, the gains of the
/// motor's own PD loop, and how motor angles map to joint angles. Immutable once the bus is built.
/// </summary>
/// <remarks>
/// Mapping: <c>motorRad = Direction · jointRad + OffsetRad</c>, and the same without the offset for
/// velocities (<c>motorRadPerS = Direction · jointRadPerS</c>). The motor applies
/// <c>τ = Kp·(p_set − θ) + Kd·(v_set − ω)</c> at its own loop rate (feed-forward torque is 0).
/// </remarks>
public sealed class MitMotorJointConfig
{
    /// <summary>
    /// The motor's CAN id, 1–0xFF (standard identifier). Replies name their motor in data byte 0,
    /// which holds 8 bits, so ids above 0xFF could not be told apart.
    /// </summary>
    public required uint CanId { get; init; }

    /// <summary>The motor firmware's ranges (a <see cref="MitMotorLimits"/> preset or explicit values). Default: CubeMars AK80-9.</summary>
    public MitMotorLimits Limits { get; init; } = MitMotorLimits.CubeMarsAK80_9;

    /// <summary>Position gain of the motor's PD loop, N·m/rad, within <see cref="Limits"/>. Default 20.</summary>
    public float Kp { get; init; } = 20f;

    /// <summary>Velocity gain of the motor's PD loop, N·m·s/rad, within <see cref="Limits"/>. Default 1.</summary>
    public float Kd { get; init; } = 1f;

    /// <summary>Motor angle at joint angle 0, radians (the motor's frame). Default 0.</summary>
    public double OffsetRad { get; init; }

    /// <summary>+1 when the motor turns with the joint, −1 when against it. Default +1.</summary>
    public int Direction { get; init; } = 1;
}
