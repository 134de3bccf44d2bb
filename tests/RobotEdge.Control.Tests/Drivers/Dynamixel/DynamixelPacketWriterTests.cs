using RobotEdge.Control.Drivers.Dynamixel;
using static RobotEdge.Control.Tests.Drivers.Dynamixel.DynamixelManualExamples;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

/// <summary>The writer reproduces the e-Manual's example instruction and status packets byte for byte.</summary>
public class DynamixelPacketWriterTests
{
    [Theory]
    [InlineData("ping id 1", PingId1)]
    [InlineData("ping broadcast", PingBroadcast)]
    [InlineData("read", ReadPresentPositionId1)]
    [InlineData("write", WriteGoalPosition512Id1)]
    [InlineData("reg write", RegWriteGoalVelocity200Id1)]
    [InlineData("action", ActionId1)]
    [InlineData("factory reset", FactoryResetExceptIdId1)]
    [InlineData("reboot", RebootId1)]
    [InlineData("clear", ClearMultiTurnId1)]
    [InlineData("sync read", SyncReadPresentPositionId1Id2)]
    [InlineData("sync write", SyncWriteGoalPosition150And170)]
    [InlineData("bulk read", BulkReadVoltageId1TemperatureId2)]
    [InlineData("bulk write", BulkWriteVoltageLimitId1TemperatureLimitId2)]
    public void Instruction_packets_match_the_manual(string example, string expected)
    {
        Span<byte> buffer = stackalloc byte[64];

        int written = Encode(example, buffer);

        Assert.Equal(Hex.Normalize(expected), Hex.Of(buffer[..written]));
    }

    [Theory]
    [InlineData(1, "06 04 26", StatusPingId1)]
    [InlineData(2, "06 04 26", StatusPingId2)]
    [InlineData(1, "A6 00 00 00", StatusReadPosition166Id1)]
    [InlineData(2, "1F 08 00 00", StatusReadPosition2079Id2)]
    [InlineData(1, "", StatusEmptyId1)]
    [InlineData(1, "77 00", StatusBulkReadVoltage119Id1)]
    [InlineData(2, "24", StatusBulkReadTemperature36Id2)]
    public void Status_packets_match_the_manual(byte id, string parameters, string expected)
    {
        Span<byte> buffer = stackalloc byte[64];

        int written = DynamixelPacketWriter.Status(buffer, id, default, Hex.Bytes(parameters));

        Assert.Equal(Hex.Normalize(expected), Hex.Of(buffer[..written]));
    }

    [Fact]
    public void Destination_too_small_throws_instead_of_truncating()
    {
        byte[] buffer = new byte[13];

        Assert.Throws<ArgumentException>(() => DynamixelPacketWriter.Read(buffer, 1, 132, 4));
    }

    [Theory]
    [InlineData(0xFD)]
    [InlineData(0xFF)]
    public void Reserved_ids_are_rejected(byte id)
    {
        byte[] buffer = new byte[16];

        Assert.Throws<ArgumentOutOfRangeException>(() => DynamixelPacketWriter.Ping(buffer, id));
    }

    [Fact]
    public void Sync_write_checks_the_data_length_against_the_ids()
    {
        byte[] buffer = new byte[64];

        Assert.Throws<ArgumentException>(() =>
            DynamixelPacketWriter.SyncWrite(buffer, 116, 4, [1, 2], new byte[7]));
    }

    private static int Encode(string example, Span<byte> destination) => example switch
    {
        "ping id 1" => DynamixelPacketWriter.Ping(destination, 1),
        "ping broadcast" => DynamixelPacketWriter.Ping(destination, DynamixelProtocol.BroadcastId),
        "read" => DynamixelPacketWriter.Read(destination, 1, 132, 4),
        "write" => DynamixelPacketWriter.Write(destination, 1, 116, [0x00, 0x02, 0x00, 0x00]),
        "reg write" => DynamixelPacketWriter.RegWrite(destination, 1, 104, [0xC8, 0x00, 0x00, 0x00]),
        "action" => DynamixelPacketWriter.Action(destination, 1),
        "factory reset" => DynamixelPacketWriter.FactoryReset(destination, 1, DynamixelFactoryResetMode.AllExceptId),
        "reboot" => DynamixelPacketWriter.Reboot(destination, 1),
        "clear" => DynamixelPacketWriter.ClearMultiTurn(destination, 1),
        "sync read" => DynamixelPacketWriter.SyncRead(destination, 132, 4, [1, 2]),
        "sync write" => DynamixelPacketWriter.SyncWrite(
            destination, 116, 4, [1, 2], [0x96, 0x00, 0x00, 0x00, 0xAA, 0x00, 0x00, 0x00]),
        "bulk read" => DynamixelPacketWriter.BulkRead(destination, [new(1, 144, 2), new(2, 146, 1)]),
        "bulk write" => DynamixelPacketWriter.BulkWrite(
            destination, [new(1, 32, 2), new(2, 31, 1)], [0xA0, 0x00, 0x50]),
        _ => throw new ArgumentOutOfRangeException(nameof(example)),
    };
}
