namespace RobotEdge.Control.Drivers.Feetech.Registers;

/// <summary>
/// Conversions between STS3215 memory-table units and SI units. Positions are absolute encoder angles
/// (0 ticks = 0 rad, 2,048 = π); the joint zero and direction are applied above this layer. Signed
/// items (speed, load) are sign-and-magnitude on the wire: decode them with
/// <see cref="FeetechRegisterCodec"/> first; these methods take and return plain signed integers.
/// Conversions to register values round to the nearest unit and saturate at the item's range; NaN is
/// a caller error and throws <see cref="ArgumentOutOfRangeException"/>. Pure and real-time safe.
/// </summary>
public static class Sts3215Units
{
    /// <summary>Encoder ticks per revolution: 4,096 (12-bit magnetic encoder).</summary>
    public const int PositionTicksPerRevolution = 4096;

    /// <summary>Radians per tick: 2π / 4,096 (0.088°).</summary>
    public const double RadiansPerPositionTick = 2.0 * Math.PI / PositionTicksPerRevolution;

    /// <summary>Direction bit of Goal Speed and Present Speed.</summary>
    public const int SpeedSignBit = 15;

    /// <summary>Direction bit of Present Load.</summary>
    public const int LoadSignBit = 10;

    /// <summary>Direction bit of Goal Position in step mode.</summary>
    public const int GoalPositionSignBit = 15;

    /// <summary>Direction bit of the position offset (address 31).</summary>
    public const int PositionOffsetSignBit = 11;

    /// <summary>Largest speed magnitude the 15-bit field carries: 32,767 ticks/s.</summary>
    public const int MaxSpeedMagnitude = (1 << SpeedSignBit) - 1;

    /// <summary>Amperes per Present Current unit: 6.5 mA.</summary>
    public const double AmpsPerCurrentUnit = 0.0065;

    /// <summary>Volts per Present Voltage unit: 0.1 V.</summary>
    public const double VoltsPerVoltageUnit = 0.1;

    /// <summary>Ticks to radians.</summary>
    public static double PositionToRadians(int ticks) => ticks * RadiansPerPositionTick;

    /// <summary>Radians to ticks, rounded, saturated to 0–4,095 (position mode's range).</summary>
    public static ushort RadiansToPosition(double radians) =>
        (ushort)Math.Clamp(RoundChecked(radians / RadiansPerPositionTick), 0, PositionTicksPerRevolution - 1);

    /// <summary>Speed (ticks/s, already decoded from sign-and-magnitude; the unit of the factory Phase setting) to rad/s.</summary>
    public static double SpeedToRadiansPerSecond(int ticksPerSecond) => ticksPerSecond * RadiansPerPositionTick;

    /// <summary>rad/s to speed in ticks/s, rounded, saturated to ±32,767 (encode with direction bit 15).</summary>
    public static int RadiansPerSecondToSpeed(double radiansPerSecond) =>
        (int)Math.Clamp(RoundChecked(radiansPerSecond / RadiansPerPositionTick), -MaxSpeedMagnitude, MaxSpeedMagnitude);

    /// <summary>Load (0.1 % units, already decoded from sign-and-magnitude) to a fraction of full duty, −1 … 1.</summary>
    public static double LoadToFraction(int units) => units / 1000.0;

    /// <summary>Present Current units to amperes.</summary>
    public static double CurrentToAmps(int units) => units * AmpsPerCurrentUnit;

    /// <summary>Present Voltage units to volts.</summary>
    public static double VoltageToVolts(byte units) => units * VoltsPerVoltageUnit;

    private static double RoundChecked(double value)
    {
        if (double.IsNaN(value))
        {
            DriverThrowHelper.OutOfRange(nameof(value), value, "NaN cannot be converted to a register value.");
        }

        return Math.Round(value);
    }
}
