namespace RobotEdge.Control.Drivers.Feetech.Registers;

/// <summary>
/// Memory table of the FEETECH STS3215 (STS/SMS series table, FEETECH "SMS/STS series memory
/// table" and the FEETECH SDK's SMS_STS definitions; the same addresses as LeRobot's
/// STS_SMS_SERIES_CONTROL_TABLE). Two-byte values are little-endian.
/// Addresses 0–39 are EEPROM; 40 and up SRAM.
/// </summary>
public static class Sts3215ControlTable
{
    /// <summary>Firmware major version (0, 1 byte, R).</summary>
    public static readonly FeetechRegister FirmwareMajorVersion = new(0, 1, false, true);

    /// <summary>Firmware minor version (1, 1 byte, R).</summary>
    public static readonly FeetechRegister FirmwareMinorVersion = new(1, 1, false, true);

    /// <summary>Model number (3, 2 bytes, R): 777 for STS3215.</summary>
    public static readonly FeetechRegister ModelNumber = new(3, 2, false, true);

    /// <summary>ID (5, 1 byte, RW): 0–253, default 1.</summary>
    public static readonly FeetechRegister Id = new(5, 1, true, true);

    /// <summary>Baud rate (6, 1 byte, RW): an index into <see cref="FeetechBaudRates"/>, default 0 (1 Mbps).</summary>
    public static readonly FeetechRegister BaudRate = new(6, 1, true, true);

    /// <summary>Return delay time (7, 1 byte, RW): 2 µs per unit.</summary>
    public static readonly FeetechRegister ReturnDelayTime = new(7, 1, true, true);

    /// <summary>Response status level (8, 1 byte, RW): 0 answers only Read and Ping, 1 answers every instruction.</summary>
    public static readonly FeetechRegister ResponseStatusLevel = new(8, 1, true, true);

    /// <summary>Minimum angle limit (9, 2 bytes, RW): ticks, 0–4,094; 0 together with a maximum of 0 selects multi-turn.</summary>
    public static readonly FeetechRegister MinAngleLimit = new(9, 2, true, true);

    /// <summary>Maximum angle limit (11, 2 bytes, RW): ticks, 1–4,095.</summary>
    public static readonly FeetechRegister MaxAngleLimit = new(11, 2, true, true);

    /// <summary>Maximum temperature limit (13, 1 byte, RW): °C.</summary>
    public static readonly FeetechRegister MaxTemperatureLimit = new(13, 1, true, true);

    /// <summary>Maximum input voltage (14, 1 byte, RW): 0.1 V per unit.</summary>
    public static readonly FeetechRegister MaxVoltageLimit = new(14, 1, true, true);

    /// <summary>Minimum input voltage (15, 1 byte, RW): 0.1 V per unit.</summary>
    public static readonly FeetechRegister MinVoltageLimit = new(15, 1, true, true);

    /// <summary>Maximum torque (16, 2 bytes, RW): 0.1 % per unit, 0–1,000; copied to Torque Limit at power-up.</summary>
    public static readonly FeetechRegister MaxTorqueLimit = new(16, 2, true, true);

    /// <summary>Protection current (28, 2 bytes, RW): 6.5 mA per unit.</summary>
    public static readonly FeetechRegister ProtectionCurrent = new(28, 2, true, true);

    /// <summary>Position offset (31, 2 bytes, RW): ticks, sign-and-magnitude with the direction bit at 11.</summary>
    public static readonly FeetechRegister PositionOffset = new(31, 2, true, true);

    /// <summary>Operating mode (33, 1 byte, RW): see <see cref="Sts3215OperatingMode"/>.</summary>
    public static readonly FeetechRegister OperatingMode = new(33, 1, true, true);

    /// <summary>Torque enable (40, 1 byte, RW): 0 off, 1 on; 128 makes the present position read 2,048.</summary>
    public static readonly FeetechRegister TorqueEnable = new(40, 1, true, false);

    /// <summary>Acceleration (41, 1 byte, RW): 100 ticks/s² per unit, 0–254; 0 is the firmware's maximum.</summary>
    public static readonly FeetechRegister Acceleration = new(41, 1, true, false);

    /// <summary>Goal position (42, 2 bytes, RW): ticks, 0–4,095 in position mode; sign-and-magnitude (bit 15) in step mode.</summary>
    public static readonly FeetechRegister GoalPosition = new(42, 2, true, false);

    /// <summary>Goal time (44, 2 bytes, RW): time to reach the goal, or PWM in PWM mode (0.1 %, direction bit 10).</summary>
    public static readonly FeetechRegister GoalTime = new(44, 2, true, false);

    /// <summary>Goal speed (46, 2 bytes, RW): ticks/s with the factory Phase setting (50 ticks/s = 0.732 rpm), sign-and-magnitude with the direction bit at 15.</summary>
    public static readonly FeetechRegister GoalSpeed = new(46, 2, true, false);

    /// <summary>Torque limit (48, 2 bytes, RW): 0.1 % per unit, 0–1,000.</summary>
    public static readonly FeetechRegister TorqueLimit = new(48, 2, true, false);

    /// <summary>Lock (55, 1 byte, RW): 1 (default) keeps EEPROM writes from persisting; write 0 before changing EEPROM items.</summary>
    public static readonly FeetechRegister Lock = new(55, 1, true, false);

    /// <summary>Present position (56, 2 bytes, R): ticks, 0–4,095 (4,096 per revolution).</summary>
    public static readonly FeetechRegister PresentPosition = new(56, 2, false, false);

    /// <summary>Present speed (58, 2 bytes, R): ticks/s, sign-and-magnitude with the direction bit at 15.</summary>
    public static readonly FeetechRegister PresentSpeed = new(58, 2, false, false);

    /// <summary>Present load (60, 2 bytes, R): 0.1 % of the maximum drive duty, sign-and-magnitude with the direction bit at 10.</summary>
    public static readonly FeetechRegister PresentLoad = new(60, 2, false, false);

    /// <summary>Present voltage (62, 1 byte, R): 0.1 V per unit.</summary>
    public static readonly FeetechRegister PresentVoltage = new(62, 1, false, false);

    /// <summary>Present temperature (63, 1 byte, R): °C.</summary>
    public static readonly FeetechRegister PresentTemperature = new(63, 1, false, false);

    /// <summary>Status (65, 1 byte, R): the <see cref="FeetechStatusError"/> bits currently set.</summary>
    public static readonly FeetechRegister Status = new(65, 1, false, false);

    /// <summary>Moving (66, 1 byte, R): 1 while moving.</summary>
    public static readonly FeetechRegister Moving = new(66, 1, false, false);

    /// <summary>Present current (69, 2 bytes, R): 6.5 mA per unit.</summary>
    public static readonly FeetechRegister PresentCurrent = new(69, 2, false, false);
}
