namespace RobotEdge.Control.Drivers.MitMotor.Protocol;

/// <summary>
/// A decoded MIT-mode status reply. Position and velocity at the output shaft; torque as the
/// firmware estimates it (mini-cheetah: q-axis current × torque constant × gear ratio; CubeMars
/// reports the same field scaled over its torque range).
/// </summary>
public readonly struct MitMotorReply
{
    /// <summary>Creates a reply (used by the decoder and by virtual motors).</summary>
    /// <param name="motorId">The motor's CAN id as carried in the first data byte.</param>
    /// <param name="positionRad">Position, rad.</param>
    /// <param name="velocityRadPerS">Velocity, rad/s.</param>
    /// <param name="torqueNm">Torque, N·m.</param>
    public MitMotorReply(byte motorId, float positionRad, float velocityRadPerS, float torqueNm)
    {
        MotorId = motorId;
        PositionRad = positionRad;
        VelocityRadPerS = velocityRadPerS;
        TorqueNm = torqueNm;
    }

    /// <summary>Creates an 8-byte-style reply that also carries temperature and fault (CubeMars firmware).</summary>
    public MitMotorReply(byte motorId, float positionRad, float velocityRadPerS, float torqueNm, byte temperatureC, MitMotorFault fault)
        : this(motorId, positionRad, velocityRadPerS, torqueNm)
    {
        HasDiagnostics = true;
        TemperatureC = temperatureC;
        Fault = fault;
    }

    /// <summary>The replying motor's id (first data byte; the frame's CAN id may be the host's).</summary>
    public byte MotorId { get; }

    /// <summary>Measured position, rad.</summary>
    public float PositionRad { get; }

    /// <summary>Measured velocity, rad/s.</summary>
    public float VelocityRadPerS { get; }

    /// <summary>Estimated torque, N·m.</summary>
    public float TorqueNm { get; }

    /// <summary>True for an 8-byte reply, which carries <see cref="TemperatureC"/> and <see cref="Fault"/>.</summary>
    public bool HasDiagnostics { get; }

    /// <summary>Driver temperature, °C (0–255 as sent; meaningful only when <see cref="HasDiagnostics"/>).</summary>
    public byte TemperatureC { get; }

    /// <summary>The firmware's fault code (meaningful only when <see cref="HasDiagnostics"/>).</summary>
    public MitMotorFault Fault { get; }

    /// <summary>The temperature and fault of an 8-byte reply.</summary>
    /// <returns>False for a 6-byte reply, which carries neither.</returns>
    public bool TryGetDiagnostics(out byte temperatureC, out MitMotorFault fault)
    {
        temperatureC = TemperatureC;
        fault = Fault;
        return HasDiagnostics;
    }
}
