namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>
/// Control table of the DYNAMIXEL X series with Protocol 2.0 (XM430, XH430, XL430, XM540 …),
/// from the e-Manual's XM430-W350 page ("Control Table of EEPROM Area" and "… of RAM Area").
/// Addresses 0–63 are EEPROM (writable only with torque off), 64 and up RAM.
/// Model differences: the XL430 has no Goal Current (102) and reports Present Load (0.1 %) at 126
/// where current-sensing models report Present Current.
/// </summary>
public static class XSeriesControlTable
{
    /// <summary>Model Number (0, 2 bytes, R): e.g. 1020 for XM430-W350, 1030 for XM430-W210.</summary>
    public static readonly DynamixelRegister ModelNumber = new(0, 2, false, true);

    /// <summary>Model Information (2, 4 bytes, R).</summary>
    public static readonly DynamixelRegister ModelInformation = new(2, 4, false, true);

    /// <summary>Firmware Version (6, 1 byte, R).</summary>
    public static readonly DynamixelRegister FirmwareVersion = new(6, 1, false, true);

    /// <summary>ID (7, 1 byte, RW): 0–252, default 1.</summary>
    public static readonly DynamixelRegister Id = new(7, 1, true, true);

    /// <summary>Baud Rate (8, 1 byte, RW): an index into <see cref="XSeriesBaudRates"/>, default 1 (57,600 bps).</summary>
    public static readonly DynamixelRegister BaudRate = new(8, 1, true, true);

    /// <summary>Return Delay Time (9, 1 byte, RW): 2 µs per unit, 0–254, default 250 (500 µs).</summary>
    public static readonly DynamixelRegister ReturnDelayTime = new(9, 1, true, true);

    /// <summary>Drive Mode (10, 1 byte, RW): bit 0 reverses the direction of rotation.</summary>
    public static readonly DynamixelRegister DriveMode = new(10, 1, true, true);

    /// <summary>Operating Mode (11, 1 byte, RW): see <see cref="XSeriesOperatingMode"/>, default 3 (position).</summary>
    public static readonly DynamixelRegister OperatingMode = new(11, 1, true, true);

    /// <summary>Secondary (Shadow) ID (12, 1 byte, RW): 255 disables it.</summary>
    public static readonly DynamixelRegister SecondaryId = new(12, 1, true, true);

    /// <summary>Protocol Type (13, 1 byte, RW): 2 selects Protocol 2.0.</summary>
    public static readonly DynamixelRegister ProtocolType = new(13, 1, true, true);

    /// <summary>Homing Offset (20, 4 bytes, RW): added to Present Position, in position ticks.</summary>
    public static readonly DynamixelRegister HomingOffset = new(20, 4, true, true);

    /// <summary>Moving Threshold (24, 4 bytes, RW): velocity above which Moving is set, 0.229 rpm per unit.</summary>
    public static readonly DynamixelRegister MovingThreshold = new(24, 4, true, true);

    /// <summary>Temperature Limit (31, 1 byte, RW): °C, default 80.</summary>
    public static readonly DynamixelRegister TemperatureLimit = new(31, 1, true, true);

    /// <summary>Max Voltage Limit (32, 2 bytes, RW): 0.1 V per unit.</summary>
    public static readonly DynamixelRegister MaxVoltageLimit = new(32, 2, true, true);

    /// <summary>Min Voltage Limit (34, 2 bytes, RW): 0.1 V per unit.</summary>
    public static readonly DynamixelRegister MinVoltageLimit = new(34, 2, true, true);

    /// <summary>PWM Limit (36, 2 bytes, RW): 0–885 (100 %).</summary>
    public static readonly DynamixelRegister PwmLimit = new(36, 2, true, true);

    /// <summary>Current Limit (38, 2 bytes, RW): in current units of the model (2.69 mA on XM430), 0–1,193 on XM430.</summary>
    public static readonly DynamixelRegister CurrentLimit = new(38, 2, true, true);

    /// <summary>Velocity Limit (44, 4 bytes, RW): 0.229 rpm per unit.</summary>
    public static readonly DynamixelRegister VelocityLimit = new(44, 4, true, true);

    /// <summary>Max Position Limit (48, 4 bytes, RW): ticks, 0–4,095, used in position control mode.</summary>
    public static readonly DynamixelRegister MaxPositionLimit = new(48, 4, true, true);

    /// <summary>Min Position Limit (52, 4 bytes, RW): ticks, 0–4,095.</summary>
    public static readonly DynamixelRegister MinPositionLimit = new(52, 4, true, true);

    /// <summary>Shutdown (63, 1 byte, RW): which <see cref="HardwareErrorStatus"/> conditions turn torque off.</summary>
    public static readonly DynamixelRegister Shutdown = new(63, 1, true, true);

    /// <summary>Torque Enable (64, 1 byte, RW): 0 off, 1 on. EEPROM items are locked while it is 1.</summary>
    public static readonly DynamixelRegister TorqueEnable = new(64, 1, true, false);

    /// <summary>LED (65, 1 byte, RW).</summary>
    public static readonly DynamixelRegister Led = new(65, 1, true, false);

    /// <summary>Status Return Level (68, 1 byte, RW): 0 ping only, 1 ping and reads, 2 all (default).</summary>
    public static readonly DynamixelRegister StatusReturnLevel = new(68, 1, true, false);

    /// <summary>Registered Instruction (69, 1 byte, R): 1 while a Reg Write waits for Action.</summary>
    public static readonly DynamixelRegister RegisteredInstruction = new(69, 1, false, false);

    /// <summary>Hardware Error Status (70, 1 byte, R): see <see cref="HardwareErrorStatus"/>.</summary>
    public static readonly DynamixelRegister HardwareErrorStatus = new(70, 1, false, false);

    /// <summary>Velocity I Gain (76, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister VelocityIGain = new(76, 2, true, false);

    /// <summary>Velocity P Gain (78, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister VelocityPGain = new(78, 2, true, false);

    /// <summary>Position D Gain (80, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister PositionDGain = new(80, 2, true, false);

    /// <summary>Position I Gain (82, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister PositionIGain = new(82, 2, true, false);

    /// <summary>Position P Gain (84, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister PositionPGain = new(84, 2, true, false);

    /// <summary>Feedforward 2nd Gain (88, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister Feedforward2ndGain = new(88, 2, true, false);

    /// <summary>Feedforward 1st Gain (90, 2 bytes, RW).</summary>
    public static readonly DynamixelRegister Feedforward1stGain = new(90, 2, true, false);

    /// <summary>Bus Watchdog (98, 1 byte, RW): 20 ms per unit, 0 disables (firmware 38+).</summary>
    public static readonly DynamixelRegister BusWatchdog = new(98, 1, true, false);

    /// <summary>Goal PWM (100, 2 bytes, RW): −PWM Limit … PWM Limit.</summary>
    public static readonly DynamixelRegister GoalPwm = new(100, 2, true, false);

    /// <summary>Goal Current (102, 2 bytes, RW, signed): −Current Limit … Current Limit, model current units. Absent on XL430.</summary>
    public static readonly DynamixelRegister GoalCurrent = new(102, 2, true, false);

    /// <summary>Goal Velocity (104, 4 bytes, RW, signed): 0.229 rpm per unit, within ±Velocity Limit.</summary>
    public static readonly DynamixelRegister GoalVelocity = new(104, 4, true, false);

    /// <summary>Profile Acceleration (108, 4 bytes, RW): 214.577 rev/min² per unit in the velocity-based profile; 0 is unlimited.</summary>
    public static readonly DynamixelRegister ProfileAcceleration = new(108, 4, true, false);

    /// <summary>Profile Velocity (112, 4 bytes, RW): 0.229 rpm per unit in the velocity-based profile; 0 is unlimited.</summary>
    public static readonly DynamixelRegister ProfileVelocity = new(112, 4, true, false);

    /// <summary>Goal Position (116, 4 bytes, RW, signed): ticks, 0–4,095 in position mode, ±1,048,575 in extended position mode.</summary>
    public static readonly DynamixelRegister GoalPosition = new(116, 4, true, false);

    /// <summary>Realtime Tick (120, 2 bytes, R): ms, wraps at 32,767.</summary>
    public static readonly DynamixelRegister RealtimeTick = new(120, 2, false, false);

    /// <summary>Moving (122, 1 byte, R): 1 while the velocity exceeds Moving Threshold.</summary>
    public static readonly DynamixelRegister Moving = new(122, 1, false, false);

    /// <summary>Moving Status (123, 1 byte, R): in-position, profile and following-error bits.</summary>
    public static readonly DynamixelRegister MovingStatus = new(123, 1, false, false);

    /// <summary>Present PWM (124, 2 bytes, R, signed).</summary>
    public static readonly DynamixelRegister PresentPwm = new(124, 2, false, false);

    /// <summary>Present Current (126, 2 bytes, R, signed): model current units (Present Load in 0.1 % on XL430).</summary>
    public static readonly DynamixelRegister PresentCurrent = new(126, 2, false, false);

    /// <summary>Present Velocity (128, 4 bytes, R, signed): 0.229 rpm per unit.</summary>
    public static readonly DynamixelRegister PresentVelocity = new(128, 4, false, false);

    /// <summary>Present Position (132, 4 bytes, R, signed): ticks (4,096 per revolution), multi-turn in extended modes.</summary>
    public static readonly DynamixelRegister PresentPosition = new(132, 4, false, false);

    /// <summary>Velocity Trajectory (136, 4 bytes, R): the profile's current target velocity.</summary>
    public static readonly DynamixelRegister VelocityTrajectory = new(136, 4, false, false);

    /// <summary>Position Trajectory (140, 4 bytes, R): the profile's current target position.</summary>
    public static readonly DynamixelRegister PositionTrajectory = new(140, 4, false, false);

    /// <summary>Present Input Voltage (144, 2 bytes, R): 0.1 V per unit.</summary>
    public static readonly DynamixelRegister PresentInputVoltage = new(144, 2, false, false);

    /// <summary>Present Temperature (146, 1 byte, R): °C.</summary>
    public static readonly DynamixelRegister PresentTemperature = new(146, 1, false, false);
}
