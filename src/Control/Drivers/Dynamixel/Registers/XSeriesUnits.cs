namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>
/// Conversions between X-series control-table units and SI units (e-Manual, XM430-W350:
/// Goal Position, Goal Velocity, Goal Current, Present Input Voltage).
/// Positions are absolute encoder angles (0 ticks = 0 rad, 2,048 = π); the joint zero and
/// direction of a robot are applied above this layer. All methods are pure and real-time safe.
/// Conversions to register values round to the nearest unit and saturate at the register's range;
/// NaN is a caller error and throws <see cref="ArgumentOutOfRangeException"/> (a NaN must never
/// become a command).
/// </summary>
public static class XSeriesUnits
{
    /// <summary>Encoder ticks per output revolution: 4,096 (12-bit absolute encoder).</summary>
    public const int PositionTicksPerRevolution = 4096;

    /// <summary>Degrees per position tick: 360 / 4,096 = 0.087890625 (the manual rounds it to 0.088°).</summary>
    public const double DegreesPerPositionTick = 360.0 / PositionTicksPerRevolution;

    /// <summary>Radians per position tick: 2π / 4,096.</summary>
    public const double RadiansPerPositionTick = 2.0 * Math.PI / PositionTicksPerRevolution;

    /// <summary>Revolutions per minute per velocity unit: 0.229.</summary>
    public const double RpmPerVelocityUnit = 0.229;

    /// <summary>Radians per second per velocity unit: 0.229 × 2π / 60 ≈ 0.02398.</summary>
    public const double RadiansPerSecondPerVelocityUnit = RpmPerVelocityUnit * 2.0 * Math.PI / 60.0;

    /// <summary>Milliamperes per current unit on XM430 models: about 2.69 (e-Manual, XM430-W350, Goal Current).</summary>
    public const double Xm430MilliampsPerCurrentUnit = 2.69;

    /// <summary>Volts per Present Input Voltage unit: 0.1.</summary>
    public const double VoltsPerVoltageUnit = 0.1;

    /// <summary>Ticks to radians.</summary>
    public static double PositionToRadians(int ticks) => ticks * RadiansPerPositionTick;

    /// <summary>Radians to ticks, rounded, saturated to the 32-bit register range.</summary>
    public static int RadiansToPosition(double radians) => SaturateInt32(radians / RadiansPerPositionTick);

    /// <summary>Velocity units (Present/Goal Velocity) to rad/s.</summary>
    public static double VelocityToRadiansPerSecond(int units) => units * RadiansPerSecondPerVelocityUnit;

    /// <summary>rad/s to velocity units, rounded, saturated to the 32-bit register range.</summary>
    public static int RadiansPerSecondToVelocity(double radiansPerSecond) =>
        SaturateInt32(radiansPerSecond / RadiansPerSecondPerVelocityUnit);

    /// <summary>Current units (Present/Goal Current) to amperes, for a model whose unit is <paramref name="milliampsPerUnit"/>.</summary>
    public static double CurrentToAmps(short units, double milliampsPerUnit) => units * milliampsPerUnit / 1000.0;

    /// <summary>Amperes to current units, rounded, saturated to the 16-bit register range.</summary>
    public static short AmpsToCurrent(double amps, double milliampsPerUnit) =>
        (short)Math.Clamp(RoundChecked(amps * 1000.0 / milliampsPerUnit), short.MinValue, short.MaxValue);

    /// <summary>Present Input Voltage units to volts.</summary>
    public static double VoltageToVolts(ushort units) => units * VoltsPerVoltageUnit;

    private static int SaturateInt32(double value) => (int)Math.Clamp(RoundChecked(value), int.MinValue, int.MaxValue);

    private static double RoundChecked(double value)
    {
        if (double.IsNaN(value))
        {
            DriverThrowHelper.OutOfRange(nameof(value), value, "NaN cannot be converted to a register value.");
        }

        return Math.Round(value);
    }
}
