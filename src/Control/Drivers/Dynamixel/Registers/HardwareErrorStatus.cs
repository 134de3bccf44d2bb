namespace RobotEdge.Control.Drivers.Dynamixel.Registers;

/// <summary>
/// Bits of Hardware Error Status (address 70) and of Shutdown (63) on X series (e-Manual, XM430-W350,
/// Shutdown). When one of the conditions enabled in Shutdown occurs, the device turns torque off and
/// sets the alert bit of every status packet; only a Reboot (or power cycle) turns torque back on.
/// </summary>
[Flags]
public enum HardwareErrorStatus : byte
{
    /// <summary>No hardware error.</summary>
    None = 0,

    /// <summary>Bit 0: input voltage outside the configured voltage limits.</summary>
    InputVoltage = 0x01,

    /// <summary>Bit 2: internal temperature above Temperature Limit.</summary>
    Overheating = 0x04,

    /// <summary>Bit 3: the motor encoder malfunctions.</summary>
    MotorEncoder = 0x08,

    /// <summary>Bit 4: electrical shock on the circuit, or too little power to drive the motor.</summary>
    ElectricalShock = 0x10,

    /// <summary>Bit 5: a load above the maximum output persisted.</summary>
    Overload = 0x20,
}
