using RobotEdge.Control.Drivers.Dynamixel;
using static RobotEdge.Control.Tests.Drivers.Dynamixel.DynamixelManualExamples;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

public class DynamixelStatusParserTests
{
    [Fact]
    public void Ping_answer_decodes_model_and_firmware()
    {
        byte[] parameters = new byte[16];

        Assert.True(DynamixelStatusParser.TryParse(Hex.Bytes(StatusPingId1), parameters, out DynamixelStatus status, out int consumed));

        Assert.Equal(14, consumed);
        Assert.Equal(1, status.Id);
        Assert.True(status.Error.IsClear);
        Assert.True(status.TryGetPingInfo(out ushort model, out byte firmware));
        Assert.Equal(1030, model);
        Assert.Equal(38, firmware);
    }

    [Theory]
    [InlineData(StatusReadPosition166Id1, 1, 166)]
    [InlineData(StatusReadPosition2079Id2, 2, 2079)]
    public void Read_answers_decode_present_position(string packet, byte id, int position)
    {
        byte[] parameters = new byte[16];

        Assert.True(DynamixelStatusParser.TryParse(Hex.Bytes(packet), parameters, out DynamixelStatus status, out _));

        Assert.Equal(id, status.Id);
        Assert.True(status.TryGetInt32(0, out int value));
        Assert.Equal(position, value);
        Assert.False(status.TryGetInt32(1, out _));
    }

    [Fact]
    public void Bulk_read_answers_decode_voltage_and_temperature()
    {
        var reader = new DynamixelStatusReader();
        reader.Append(Hex.Bytes(StatusBulkReadVoltage119Id1 + StatusBulkReadTemperature36Id2));

        Assert.True(reader.TryRead(out DynamixelStatus first));
        Assert.True(first.TryGetUInt16(0, out ushort voltage));
        Assert.Equal(119, voltage);
        Assert.True(reader.TryRead(out DynamixelStatus second));
        Assert.True(second.TryGetByte(0, out byte temperature));
        Assert.Equal(36, temperature);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void Error_byte_is_split_into_error_number_and_alert_bit()
    {
        byte[] packet = new byte[16];
        int length = DynamixelPacketWriter.Status(
            packet, 3, new DynamixelStatusError(DynamixelErrorNumber.DataLimitError, hardwareAlert: true), default);

        Assert.True(DynamixelStatusParser.TryParse(packet.AsSpan(0, length), new byte[4], out DynamixelStatus status, out _));

        Assert.Equal(0x86, status.Error.Raw);
        Assert.Equal(DynamixelErrorNumber.DataLimitError, status.Error.Number);
        Assert.True(status.Error.HardwareAlert);
        Assert.False(status.Error.InstructionSucceeded);
    }

    [Fact]
    public void Noise_before_the_header_is_skipped_and_counted()
    {
        var reader = new DynamixelStatusReader();
        reader.Append(Hex.Bytes("00 13 FF FD 00 FF FF 42"));
        reader.Append(Hex.Bytes(StatusPingId1));

        Assert.True(reader.TryRead(out DynamixelStatus status));

        Assert.Equal(1, status.Id);
        Assert.Equal(8, reader.DiscardedByteCount);
        Assert.Equal(0, reader.BufferedCount);
    }

    [Fact]
    public void A_packet_split_into_single_bytes_is_assembled()
    {
        var reader = new DynamixelStatusReader();
        byte[] packet = Hex.Bytes(StatusReadPosition2079Id2);

        for (int i = 0; i < packet.Length - 1; i++)
        {
            reader.Append(packet.AsSpan(i, 1));
            Assert.False(reader.TryRead(out _));
        }

        reader.Append(packet.AsSpan(^1));
        Assert.True(reader.TryRead(out DynamixelStatus status));
        Assert.Equal(2, status.Id);
        Assert.Equal(0, reader.DiscardedByteCount);
    }

    [Fact]
    public void After_a_corrupted_byte_the_crc_error_is_counted_and_the_next_packet_is_read()
    {
        var reader = new DynamixelStatusReader();
        byte[] corrupted = Hex.Bytes(StatusReadPosition166Id1);
        corrupted[9] ^= 0x10;
        reader.Append(corrupted);
        reader.Append(Hex.Bytes(StatusReadPosition2079Id2));

        Assert.True(reader.TryRead(out DynamixelStatus status));

        Assert.Equal(2, status.Id);
        Assert.Equal(1, reader.CrcErrorCount);
        Assert.Equal(corrupted.Length, reader.DiscardedByteCount);
    }

    [Fact]
    public void A_length_corrupted_upwards_does_not_hold_back_the_next_packet()
    {
        var reader = new DynamixelStatusReader();
        byte[] corrupted = Hex.Bytes(StatusReadPosition166Id1);
        corrupted[6] = 0x01;
        reader.Append(corrupted);
        reader.Append(Hex.Bytes(StatusReadPosition2079Id2));

        Assert.True(reader.TryRead(out DynamixelStatus status));

        Assert.Equal(2, status.Id);
        Assert.Equal(1, reader.InvalidPacketCount);
    }

    [Fact]
    public void A_truncated_packet_waits_for_more_bytes_and_can_be_discarded_after_a_timeout()
    {
        var reader = new DynamixelStatusReader();
        byte[] packet = Hex.Bytes(StatusPingId1);
        reader.Append(packet.AsSpan(0, 9));

        Assert.False(reader.TryRead(out _));
        Assert.Equal(9, reader.BufferedCount);

        reader.DiscardBuffered();
        reader.Append(packet);
        Assert.True(reader.TryRead(out DynamixelStatus status));
        Assert.Equal(1, status.Id);
        Assert.Equal(9, reader.DiscardedByteCount);
    }

    [Fact]
    public void An_echoed_instruction_packet_is_skipped()
    {
        var reader = new DynamixelStatusReader();
        reader.Append(Hex.Bytes(SyncReadPresentPositionId1Id2 + StatusReadPosition166Id1 + StatusReadPosition2079Id2));

        Assert.True(reader.TryRead(out DynamixelStatus first));
        Assert.Equal(1, first.Id);
        Assert.True(reader.TryRead(out DynamixelStatus second));
        Assert.Equal(2, second.Id);
        Assert.Equal(1, reader.OtherPacketCount);
        Assert.Equal(0, reader.DiscardedByteCount);
    }

    [Fact]
    public void Stateless_parse_reports_need_more_data_and_keeps_a_possible_header_start()
    {
        byte[] noiseThenHalfHeader = Hex.Bytes("01 02 03 FF FF FD");

        DynamixelParseResult result = DynamixelStatusParser.Parse(noiseThenHalfHeader, new byte[8], out _, out int consumed);

        Assert.Equal(DynamixelParseResult.NeedMoreData, result);
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void Parameter_buffer_too_small_is_reported_and_the_packet_consumed()
    {
        byte[] packet = Hex.Bytes(StatusReadPosition166Id1);

        DynamixelParseResult result = DynamixelStatusParser.Parse(packet, new byte[3], out _, out int consumed);

        Assert.Equal(DynamixelParseResult.ParameterBufferTooSmall, result);
        Assert.Equal(packet.Length, consumed);
    }

    [Fact]
    public void Reader_handed_bytes_through_its_write_span_parses_them()
    {
        var reader = new DynamixelStatusReader(capacity: 64);
        byte[] packet = Hex.Bytes(StatusPingId2);

        for (int round = 0; round < 20; round++)
        {
            Span<byte> free = reader.GetWriteSpan(packet.Length);
            packet.CopyTo(free);
            reader.Advance(packet.Length);
            Assert.True(reader.TryRead(out DynamixelStatus status));
            Assert.Equal(2, status.Id);
        }
    }
}
