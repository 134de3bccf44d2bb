namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Bits of the error byte of a FEETECH status packet (FEETECH SDK ERRBIT definitions; the same bits
/// as the STS memory table's Status byte at address 65). Several can be set at once.
/// </summary>
[Flags]
public enum FeetechStatusError : byte
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Bit 0: input voltage outside the voltage limits.</summary>
    Voltage = 0x01,

    /// <summary>Bit 1: angle/position sensor error (the magnetic encoder on STS).</summary>
    Angle = 0x02,

    /// <summary>Bit 2: temperature above the limit.</summary>
    Overheat = 0x04,

    /// <summary>Bit 3: current above the protection current.</summary>
    Overcurrent = 0x08,

    /// <summary>Bit 5: a load above the overload torque persisted.</summary>
    Overload = 0x20,
}
