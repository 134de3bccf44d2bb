using RobotEdge.Control.Drivers.Dynamixel;
using static RobotEdge.Control.Tests.Drivers.Dynamixel.DynamixelManualExamples;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

/// <summary>The device side (virtual servos) decodes the e-Manual's example instructions.</summary>
public class DynamixelInstructionParserTests
{
    private readonly byte[] _parameters = new byte[256];

    [Fact]
    public void Read_decodes_address_and_length()
    {
        DynamixelInstructionPacket packet = Parse(ReadPresentPositionId1);

        Assert.Equal(1, packet.Id);
        Assert.Equal(DynamixelInstruction.Read, packet.Instruction);
        Assert.True(packet.TryGetRead(out ushort address, out ushort length));
        Assert.Equal(132, address);
        Assert.Equal(4, length);
    }

    [Theory]
    [InlineData(WriteGoalPosition512Id1, 116, "00 02 00 00")]
    [InlineData(RegWriteGoalVelocity200Id1, 104, "C8 00 00 00")]
    public void Write_and_reg_write_decode_address_and_data(string example, ushort expectedAddress, string expectedData)
    {
        DynamixelInstructionPacket packet = Parse(example);

        Assert.True(packet.TryGetWrite(out ushort address, out ReadOnlySpan<byte> data));
        Assert.Equal(expectedAddress, address);
        Assert.Equal(Hex.Normalize(expectedData), Hex.Of(data));
        Assert.False(packet.TryGetRead(out _, out _));
    }

    [Fact]
    public void Factory_reset_decodes_its_mode()
    {
        Assert.True(Parse(FactoryResetExceptIdId1).TryGetFactoryReset(out DynamixelFactoryResetMode mode));
        Assert.Equal(DynamixelFactoryResetMode.AllExceptId, mode);
    }

    [Fact]
    public void Sync_read_lists_the_ids_in_answer_order()
    {
        DynamixelInstructionPacket packet = Parse(SyncReadPresentPositionId1Id2);

        Assert.True(packet.IsBroadcast);
        Assert.True(packet.TryGetSyncRead(out ushort address, out ushort length, out ReadOnlySpan<byte> ids));
        Assert.Equal(132, address);
        Assert.Equal(4, length);
        Assert.Equal("0102", Hex.Of(ids));
    }

    [Theory]
    [InlineData(1, "96 00 00 00")]
    [InlineData(2, "AA 00 00 00")]
    public void Sync_write_finds_each_devices_data(byte id, string expected)
    {
        DynamixelInstructionPacket packet = Parse(SyncWriteGoalPosition150And170);

        Assert.True(packet.TryFindSyncWrite(id, out ushort address, out ReadOnlySpan<byte> data));
        Assert.Equal(116, address);
        Assert.Equal(Hex.Normalize(expected), Hex.Of(data));
        Assert.False(packet.TryFindSyncWrite(3, out _, out _));
    }

    [Theory]
    [InlineData(1, 144, 2, 0)]
    [InlineData(2, 146, 1, 1)]
    public void Bulk_read_finds_each_devices_range_and_position(byte id, ushort address, ushort length, int position)
    {
        DynamixelInstructionPacket packet = Parse(BulkReadVoltageId1TemperatureId2);

        Assert.True(packet.TryFindBulkRead(id, out ushort foundAddress, out ushort foundLength, out int foundPosition));
        Assert.Equal((address, length, position), (foundAddress, foundLength, foundPosition));
    }

    [Theory]
    [InlineData(1, 32, "A0 00")]
    [InlineData(2, 31, "50")]
    public void Bulk_write_finds_each_devices_data(byte id, ushort address, string expected)
    {
        DynamixelInstructionPacket packet = Parse(BulkWriteVoltageLimitId1TemperatureLimitId2);

        Assert.True(packet.TryFindBulkWrite(id, out ushort foundAddress, out ReadOnlySpan<byte> data));
        Assert.Equal(address, foundAddress);
        Assert.Equal(Hex.Normalize(expected), Hex.Of(data));
    }

    [Fact]
    public void Status_packets_are_skipped_by_the_instruction_reader()
    {
        var reader = new DynamixelInstructionReader();
        reader.Append(Hex.Bytes(StatusPingId1 + PingBroadcast));

        Assert.True(reader.TryRead(out DynamixelInstructionPacket packet));
        Assert.Equal(DynamixelInstruction.Ping, packet.Instruction);
        Assert.True(packet.IsBroadcast);
        Assert.Equal(1, reader.OtherPacketCount);
    }

    [Fact]
    public void After_a_corrupted_byte_the_instruction_reader_counts_the_crc_error_and_reads_the_next_packet()
    {
        var reader = new DynamixelInstructionReader();
        byte[] corrupted = Hex.Bytes(WriteGoalPosition512Id1);
        corrupted[11] ^= 0x01;
        reader.Append(corrupted);
        reader.Append(Hex.Bytes(RebootId1));

        Assert.True(reader.TryRead(out DynamixelInstructionPacket packet));

        Assert.Equal(DynamixelInstruction.Reboot, packet.Instruction);
        Assert.Equal(1, reader.CrcErrorCount);
    }

    private DynamixelInstructionPacket Parse(string example)
    {
        Assert.True(DynamixelInstructionParser.TryParse(Hex.Bytes(example), _parameters, out DynamixelInstructionPacket packet, out _));
        return packet;
    }
}
