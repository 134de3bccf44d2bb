namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Byte order of two-byte memory-table values. It depends on the servo family, not on the framing:
/// magnetic-encoder servos (STS, SMS, e.g. STS3215) are little-endian; potentiometer SCS servos
/// (e.g. SCS0009, SCS15) are big-endian. Memory address 2 of the STS table reports it (0 = little-endian).
/// </summary>
public enum FeetechByteOrder : byte
{
    /// <summary>Low byte first: STS and SMS series.</summary>
    LittleEndian = 0,

    /// <summary>High byte first: SCS series.</summary>
    BigEndian = 1,
}
