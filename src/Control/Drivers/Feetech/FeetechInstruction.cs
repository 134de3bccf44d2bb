namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>Instruction byte of a FEETECH packet (protocol manual v1.01, instruction table; FEETECH SDK definitions).</summary>
public enum FeetechInstruction : byte
{
    /// <summary>Asks a servo to answer with an empty status packet.</summary>
    Ping = 0x01,

    /// <summary>Reads a memory-table range: parameters are address and byte count.</summary>
    Read = 0x02,

    /// <summary>Writes a memory-table range: parameters are address and data.</summary>
    Write = 0x03,

    /// <summary>Registers a write that runs on the next <see cref="Action"/>.</summary>
    RegWrite = 0x04,

    /// <summary>Runs the writes registered by <see cref="RegWrite"/>.</summary>
    Action = 0x05,

    /// <summary>
    /// Restores the memory table to factory values (the protocol manual's RESET; recent FEETECH SDKs
    /// name it RECOVERY).
    /// </summary>
    FactoryReset = 0x06,

    /// <summary>
    /// Resets the multi-turn rotation count (recent FEETECH SDKs name it RESET; it does not restore
    /// factory values). Only on firmware that keeps a multi-turn count.
    /// </summary>
    ResetMultiTurn = 0x0A,

    /// <summary>Reads the same range from several servos; each answers with its own status packet.</summary>
    SyncRead = 0x82,

    /// <summary>Writes the same range on several servos; nobody answers.</summary>
    SyncWrite = 0x83,
}
