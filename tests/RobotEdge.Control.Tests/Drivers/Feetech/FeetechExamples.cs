namespace RobotEdge.Control.Tests.Drivers.Feetech;

/// <summary>
/// Example packets of the FEETECH serial bus servo protocol (ping, read of Present Position at 0x38,
/// write of Goal Position 2048, write of goal position/time/speed, ping answer), as the FEETECH
/// protocol manual prints them and as SDK test suites reproduce them. Each checksum was recomputed
/// by hand: ~(ID + LEN + INSTR + PARAMS) &amp; 0xFF.
/// </summary>
internal static class FeetechExamples
{
    /// <summary>~(01 + 02 + 01) = ~0x04 = 0xFB.</summary>
    public const string PingId1 = "FF FF 01 02 01 FB";

    /// <summary>~(01 + 04 + 02 + 38 + 02) = ~0x41 = 0xBE.</summary>
    public const string ReadPresentPositionId1 = "FF FF 01 04 02 38 02 BE";

    /// <summary>Goal Position (42) = 2048, little-endian: ~(01 + 05 + 03 + 2A + 00 + 08) = ~0x3B = 0xC4.</summary>
    public const string WriteGoalPosition2048Id1 = "FF FF 01 05 03 2A 00 08 C4";

    /// <summary>Goal position 2048, time 0, speed 1000 from address 42: sum 0x12A, ~0x2A = 0xD5.</summary>
    public const string WritePositionTimeSpeedId1 = "FF FF 01 09 03 2A 00 08 00 00 E8 03 D5";

    /// <summary>Torque Enable (40) = 1: ~(01 + 04 + 03 + 28 + 01) = ~0x31 = 0xCE.</summary>
    public const string TorqueOnId1 = "FF FF 01 04 03 28 01 CE";

    /// <summary>Answer to a ping from id 1, no error: ~(01 + 02 + 00) = 0xFC.</summary>
    public const string StatusPingId1 = "FF FF 01 02 00 FC";
}
