namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

/// <summary>
/// Example packets printed in the ROBOTIS e-Manual, "DYNAMIXEL Protocol 2.0"
/// (https://emanual.robotis.com/docs/en/dxl/protocol2/, section Instruction Details; conditions:
/// XM430-W210 devices with ids 1 and 2, model 1030, firmware 38). Every one was checked against
/// the CRC-16 (poly 0x8005, not reflected, init 0) before being copied here.
/// </summary>
internal static class DynamixelManualExamples
{
    // Instruction packets.
    public const string PingId1 = "FF FF FD 00 01 03 00 01 19 4E";
    public const string PingBroadcast = "FF FF FD 00 FE 03 00 01 31 42";
    public const string ReadPresentPositionId1 = "FF FF FD 00 01 07 00 02 84 00 04 00 1D 15";
    public const string WriteGoalPosition512Id1 = "FF FF FD 00 01 09 00 03 74 00 00 02 00 00 CA 89";
    public const string RegWriteGoalVelocity200Id1 = "FF FF FD 00 01 09 00 04 68 00 C8 00 00 00 AE 8E";
    public const string ActionId1 = "FF FF FD 00 01 03 00 05 02 CE";
    public const string FactoryResetExceptIdId1 = "FF FF FD 00 01 04 00 06 01 A1 E6";
    public const string RebootId1 = "FF FF FD 00 01 03 00 08 2F 4E";
    public const string ClearMultiTurnId1 = "FF FF FD 00 01 08 00 10 01 44 58 4C 22 B1 DC";
    public const string SyncReadPresentPositionId1Id2 = "FF FF FD 00 FE 09 00 82 84 00 04 00 01 02 CE FA";
    public const string SyncWriteGoalPosition150And170 =
        "FF FF FD 00 FE 11 00 83 74 00 04 00 01 96 00 00 00 02 AA 00 00 00 82 87";
    public const string BulkReadVoltageId1TemperatureId2 =
        "FF FF FD 00 FE 0D 00 92 01 90 00 02 00 02 92 00 01 00 1A 05";
    public const string BulkWriteVoltageLimitId1TemperatureLimitId2 =
        "FF FF FD 00 FE 10 00 93 01 20 00 02 00 A0 00 02 1F 00 01 00 50 B7 68";

    // Status packets.
    public const string StatusPingId1 = "FF FF FD 00 01 07 00 55 00 06 04 26 65 5D";
    public const string StatusPingId2 = "FF FF FD 00 02 07 00 55 00 06 04 26 6F 6D";
    public const string StatusReadPosition166Id1 = "FF FF FD 00 01 08 00 55 00 A6 00 00 00 8C C0";
    public const string StatusReadPosition2079Id2 = "FF FF FD 00 02 08 00 55 00 1F 08 00 00 BA BE";
    public const string StatusEmptyId1 = "FF FF FD 00 01 04 00 55 00 A1 0C";
    public const string StatusBulkReadVoltage119Id1 = "FF FF FD 00 01 06 00 55 00 77 00 C3 69";
    public const string StatusBulkReadTemperature36Id2 = "FF FF FD 00 02 05 00 55 00 24 8B A9";

    public static TheoryData<string> AllPackets =>
    [
        PingId1, PingBroadcast, ReadPresentPositionId1, WriteGoalPosition512Id1, RegWriteGoalVelocity200Id1,
        ActionId1, FactoryResetExceptIdId1, RebootId1, ClearMultiTurnId1, SyncReadPresentPositionId1Id2,
        SyncWriteGoalPosition150And170, BulkReadVoltageId1TemperatureId2, BulkWriteVoltageLimitId1TemperatureLimitId2,
        StatusPingId1, StatusPingId2, StatusReadPosition166Id1, StatusReadPosition2079Id2, StatusEmptyId1,
        StatusBulkReadVoltage119Id1, StatusBulkReadTemperature36Id2,
    ];
}
