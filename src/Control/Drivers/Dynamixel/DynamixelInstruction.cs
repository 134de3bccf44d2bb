namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>Instruction byte of a Protocol 2.0 packet (e-Manual, "Protocol 2.0", Instruction table).</summary>
public enum DynamixelInstruction : byte
{
    /// <summary>Checks that a device exists; it answers model number and firmware version.</summary>
    Ping = 0x01,

    /// <summary>Reads a control-table range.</summary>
    Read = 0x02,

    /// <summary>Writes a control-table range.</summary>
    Write = 0x03,

    /// <summary>Registers a write that runs on the next <see cref="Action"/>.</summary>
    RegWrite = 0x04,

    /// <summary>Runs the write registered by <see cref="RegWrite"/>.</summary>
    Action = 0x05,

    /// <summary>Resets the control table to factory defaults (see <see cref="DynamixelFactoryResetMode"/>).</summary>
    FactoryReset = 0x06,

    /// <summary>Reboots the device.</summary>
    Reboot = 0x08,

    /// <summary>Resets certain state, e.g. the multi-turn revolution count (X series firmware 42+).</summary>
    Clear = 0x10,

    /// <summary>Marks a status (return) packet.</summary>
    Status = 0x55,

    /// <summary>Reads the same range from several devices; each answers with its own status packet.</summary>
    SyncRead = 0x82,

    /// <summary>Writes the same range on several devices; no device answers.</summary>
    SyncWrite = 0x83,

    /// <summary>Reads a different range from each of several devices.</summary>
    BulkRead = 0x92,

    /// <summary>Writes a different range on each of several devices.</summary>
    BulkWrite = 0x93,
}
