namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Bits 0–6 of a status packet's error byte (e-Manual, "Protocol 2.0", Status Packet, Error). The
/// manual defines them as one error number, not as independent flags, so they are an enumeration.
/// </summary>
public enum DynamixelErrorNumber : byte
{
    /// <summary>The instruction was processed.</summary>
    None = 0x00,

    /// <summary>The device failed to process the instruction.</summary>
    ResultFail = 0x01,

    /// <summary>Undefined instruction, or Action without a registered Reg Write.</summary>
    InstructionError = 0x02,

    /// <summary>The CRC of the instruction packet the device received did not match.</summary>
    CrcError = 0x03,

    /// <summary>The value written is outside the address's minimum/maximum.</summary>
    DataRangeError = 0x04,

    /// <summary>Fewer bytes were written than the item at that address holds.</summary>
    DataLengthError = 0x05,

    /// <summary>The value written is outside the configured limit (e.g. a position limit).</summary>
    DataLimitError = 0x06,

    /// <summary>Write to a read-only or undefined address, read of a write-only one, or an EEPROM write while torque is on.</summary>
    AccessError = 0x07,
}
