namespace RobotEdge.Control.Drivers.MitMotor;

/// <summary>
/// The value ranges a MIT-mode motor's firmware maps its fixed-point fields onto. Host and motor
/// must use the same numbers, or every command and reply is scaled wrongly: they are part of the
/// wire format, not tuning. Sources disagree per model and firmware version (see README); read the
/// motor's own values (CubeMars upper-computer tool, or the firmware's <c>P_MIN</c>… defines) and
/// prefer an explicit instance over a preset when in doubt.
/// </summary>
/// <remarks>Immutable; safe to share across threads. Construct once at configuration time.</remarks>
public readonly record struct MitMotorLimits
{
    /// <summary>
    /// Ben Katz's mini-cheetah motor firmware: position ±12.5 rad, velocity ±65 rad/s, kp 0–500,
    /// kd 0–5, torque ±18 N·m.
    /// </summary>
    public static MitMotorLimits MiniCheetah { get; } = new(-12.5f, 12.5f, -65f, 65f, 0f, 500f, 0f, 5f, -18f, 18f);

    /// <summary>
    /// CubeMars AK60-6: ±12.5 rad, ±45 rad/s, kp 0–500, kd 0–5, ±15 N·m (AK Series Actuator Driver
    /// Manual V1.0.8, §5.3 MIT mode, range table; the TMotorCANControl library lists ±50 rad/s).
    /// </summary>
    public static MitMotorLimits CubeMarsAK60_6 { get; } = new(-12.5f, 12.5f, -45f, 45f, 0f, 500f, 0f, 5f, -15f, 15f);

    /// <summary>CubeMars AK70-10: ±12.5 rad, ±50 rad/s, kp 0–500, kd 0–5, ±25 N·m (AK Series manual V1.0.8, §5.3).</summary>
    public static MitMotorLimits CubeMarsAK70_10 { get; } = new(-12.5f, 12.5f, -50f, 50f, 0f, 500f, 0f, 5f, -25f, 25f);

    /// <summary>CubeMars AK80-6: ±12.5 rad, ±76 rad/s, kp 0–500, kd 0–5, ±12 N·m (AK Series manual V1.0.8, §5.3).</summary>
    public static MitMotorLimits CubeMarsAK80_6 { get; } = new(-12.5f, 12.5f, -76f, 76f, 0f, 500f, 0f, 5f, -12f, 12f);

    /// <summary>CubeMars AK80-9: ±12.5 rad, ±50 rad/s, kp 0–500, kd 0–5, ±18 N·m (AK Series manual V1.0.8, §5.3).</summary>
    public static MitMotorLimits CubeMarsAK80_9 { get; } = new(-12.5f, 12.5f, -50f, 50f, 0f, 500f, 0f, 5f, -18f, 18f);

    /// <summary>CubeMars AK80-64: ±12.5 rad, ±8 rad/s, kp 0–500, kd 0–5, ±144 N·m (AK Series manual V1.0.8, §5.3).</summary>
    public static MitMotorLimits CubeMarsAK80_64 { get; } = new(-12.5f, 12.5f, -8f, 8f, 0f, 500f, 0f, 5f, -144f, 144f);

    /// <summary>CubeMars AK10-9: ±12.5 rad, ±50 rad/s, kp 0–500, kd 0–5, ±65 N·m (AK Series manual V1.0.8, §5.3).</summary>
    public static MitMotorLimits CubeMarsAK10_9 { get; } = new(-12.5f, 12.5f, -50f, 50f, 0f, 500f, 0f, 5f, -65f, 65f);

    /// <summary>Creates a validated set of ranges.</summary>
    /// <exception cref="ArgumentException">A bound is not finite, or a minimum is not below its maximum.</exception>
    public MitMotorLimits(
        float positionMinRad,
        float positionMaxRad,
        float velocityMinRadPerS,
        float velocityMaxRadPerS,
        float kpMin,
        float kpMax,
        float kdMin,
        float kdMax,
        float torqueMinNm,
        float torqueMaxNm)
    {
        Check(positionMinRad, positionMaxRad, "position");
        Check(velocityMinRadPerS, velocityMaxRadPerS, "velocity");
        Check(kpMin, kpMax, "kp");
        Check(kdMin, kdMax, "kd");
        Check(torqueMinNm, torqueMaxNm, "torque");
        PositionMinRad = positionMinRad;
        PositionMaxRad = positionMaxRad;
        VelocityMinRadPerS = velocityMinRadPerS;
        VelocityMaxRadPerS = velocityMaxRadPerS;
        KpMin = kpMin;
        KpMax = kpMax;
        KdMin = kdMin;
        KdMax = kdMax;
        TorqueMinNm = torqueMinNm;
        TorqueMaxNm = torqueMaxNm;
    }

    /// <summary>Position at code 0 of the 16-bit field, rad (firmware <c>P_MIN</c>).</summary>
    public float PositionMinRad { get; }

    /// <summary>Position at code 65535, rad (<c>P_MAX</c>).</summary>
    public float PositionMaxRad { get; }

    /// <summary>Velocity at code 0 of the 12-bit field, rad/s (<c>V_MIN</c>).</summary>
    public float VelocityMinRadPerS { get; }

    /// <summary>Velocity at code 4095, rad/s (<c>V_MAX</c>).</summary>
    public float VelocityMaxRadPerS { get; }

    /// <summary>Position gain at code 0, N·m/rad (<c>KP_MIN</c>).</summary>
    public float KpMin { get; }

    /// <summary>Position gain at code 4095, N·m/rad (<c>KP_MAX</c>).</summary>
    public float KpMax { get; }

    /// <summary>Velocity gain at code 0, N·m·s/rad (<c>KD_MIN</c>).</summary>
    public float KdMin { get; }

    /// <summary>Velocity gain at code 4095, N·m·s/rad (<c>KD_MAX</c>); commands stop one step below it (see README).</summary>
    public float KdMax { get; }

    /// <summary>Feed-forward (and reported) torque at code 0, N·m (<c>T_MIN</c>).</summary>
    public float TorqueMinNm { get; }

    /// <summary>Torque at code 4095, N·m (<c>T_MAX</c>).</summary>
    public float TorqueMaxNm { get; }

    private static void Check(float min, float max, string name)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || !(min < max))
        {
            throw new ArgumentException($"The {name} range [{min}, {max}] must be finite with min < max.", name);
        }
    }
}
