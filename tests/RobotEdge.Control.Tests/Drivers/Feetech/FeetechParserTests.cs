using RobotEdge.Control.Drivers.Feetech;
using static RobotEdge.Control.Tests.Drivers.Feetech.FeetechExamples;

namespace RobotEdge.Control.Tests.Drivers.Feetech;

public class FeetechParserTests
{
    [Fact]
    public void Ping_answer_parses()
    {
        Assert.True(FeetechStatusParser.TryParse(Hex.Bytes(StatusPingId1), out FeetechStatus status, out int consumed));

        Assert.Equal(6, consumed);
        Assert.Equal(1, status.Id);
        Assert.Equal(FeetechStatusError.None, status.Error);
        Assert.True(status.Parameters.IsEmpty);
    }

    [Fact]
    public void Read_answer_with_error_bits_decodes_position_and_errors()
    {
        byte[] packet = new byte[16];
        int length = FeetechPacketWriter.Status(packet, 7, FeetechStatusError.Overheat | FeetechStatusError.Overload, [0x00, 0x08]);

        Assert.True(FeetechStatusParser.TryParse(packet.AsSpan(0, length), out FeetechStatus status, out _));

        Assert.Equal(7, status.Id);
        Assert.Equal(FeetechStatusError.Overheat | FeetechStatusError.Overload, status.Error);
        Assert.True(FeetechRegisterCodec.Sts.TryReadUInt16(status.Parameters, 0, out ushort position));
        Assert.Equal(2048, position);
        Assert.Contains("overheat", status.Error.Describe());
        Assert.Contains("overload", status.Error.Describe());
    }

    [Fact]
    public void Noise_and_extra_header_bytes_are_skipped()
    {
        var reader = new FeetechStatusReader();
        reader.Append(Hex.Bytes("00 FF 13 FF FF FF"));
        reader.Append(Hex.Bytes("FF FF 01 04 00 00 08 F2"));

        Assert.True(reader.TryRead(out FeetechStatus status));

        Assert.Equal(1, status.Id);
        Assert.Equal("0008", Hex.Of(status.Parameters));
        Assert.Equal(6, reader.DiscardedByteCount);
    }

    [Fact]
    public void A_packet_split_into_single_bytes_is_assembled()
    {
        var reader = new FeetechStatusReader();
        byte[] packet = Hex.Bytes("FF FF 01 04 00 00 08 F2");

        for (int i = 0; i < packet.Length - 1; i++)
        {
            reader.Append(packet.AsSpan(i, 1));
            Assert.False(reader.TryRead(out _));
        }

        reader.Append(packet.AsSpan(^1));
        Assert.True(reader.TryRead(out FeetechStatus status));
        Assert.Equal("0008", Hex.Of(status.Parameters));
    }

    [Fact]
    public void After_a_corrupted_byte_the_checksum_error_is_counted_and_the_next_packet_is_read()
    {
        var reader = new FeetechStatusReader();
        byte[] corrupted = Hex.Bytes("FF FF 01 04 00 00 08 F2");
        corrupted[6] ^= 0x04;
        reader.Append(corrupted);
        reader.Append(Hex.Bytes("FF FF 02 04 00 00 04 F5"));

        Assert.True(reader.TryRead(out FeetechStatus status));

        Assert.Equal(2, status.Id);
        Assert.Equal(1, reader.ChecksumErrorCount);
        Assert.Equal(corrupted.Length, reader.DiscardedByteCount);
    }

    [Fact]
    public void An_echoed_broadcast_instruction_is_rejected_as_a_status()
    {
        var reader = new FeetechStatusReader();
        byte[] syncRead = new byte[16];
        int length = FeetechPacketWriter.SyncRead(syncRead, 56, 2, [1]);
        reader.Append(syncRead.AsSpan(0, length));
        reader.Append(Hex.Bytes("FF FF 01 04 00 00 08 F2"));

        Assert.True(reader.TryRead(out FeetechStatus status));

        Assert.Equal(1, status.Id);
        Assert.Equal(1, reader.InvalidPacketCount);
    }

    [Fact]
    public void Instruction_parser_decodes_the_examples()
    {
        Assert.True(FeetechInstructionParser.TryParse(Hex.Bytes(ReadPresentPositionId1), out FeetechInstructionPacket read, out _));
        Assert.True(read.TryGetRead(out byte address, out byte length));
        Assert.Equal((0x38, 2), (address, length));

        Assert.True(FeetechInstructionParser.TryParse(Hex.Bytes(WritePositionTimeSpeedId1), out FeetechInstructionPacket write, out _));
        Assert.True(write.TryGetWrite(out byte writeAddress, out ReadOnlySpan<byte> data));
        Assert.Equal(42, writeAddress);
        Assert.Equal("00080000E803", Hex.Of(data));
    }

    [Fact]
    public void Instruction_reader_finds_each_servos_sync_write_data()
    {
        byte[] packet = new byte[32];
        int length = FeetechPacketWriter.SyncWrite(packet, 42, 2, [1, 2], [0x00, 0x08, 0x00, 0x04]);
        var reader = new FeetechInstructionReader();
        reader.Append(packet.AsSpan(0, length));

        Assert.True(reader.TryRead(out FeetechInstructionPacket parsed));

        Assert.True(parsed.IsBroadcast);
        Assert.True(parsed.TryFindSyncWrite(2, out byte address, out ReadOnlySpan<byte> data));
        Assert.Equal(42, address);
        Assert.Equal("0004", Hex.Of(data));
        Assert.False(parsed.TryFindSyncWrite(3, out _, out _));
    }

    [Fact]
    public void Instruction_reader_decodes_sync_read()
    {
        byte[] packet = new byte[32];
        int length = FeetechPacketWriter.SyncRead(packet, 56, 4, [3, 1]);

        Assert.True(FeetechInstructionParser.TryParse(packet.AsSpan(0, length), out FeetechInstructionPacket parsed, out _));

        Assert.True(parsed.TryGetSyncRead(out byte address, out byte count, out ReadOnlySpan<byte> ids));
        Assert.Equal((56, 4), (address, count));
        Assert.Equal("0301", Hex.Of(ids));
    }

    /// <summary>Fixed seed so a failure reproduces; noise never contains 0xFF so it cannot merge with a header.</summary>
    [Fact]
    public void Random_packets_round_trip_through_chunked_reads()
    {
        var random = new Random(20_261_122);
        var reader = new FeetechStatusReader();
        byte[] packet = new byte[FeetechProtocol.MaxPacketLength];

        for (int round = 0; round < 2_000; round++)
        {
            byte id = (byte)random.Next(0, FeetechProtocol.MaxDeviceId + 1);
            var error = (FeetechStatusError)random.Next(0, 256);
            byte[] parameters = new byte[random.Next(0, 40)];
            random.NextBytes(parameters);
            int length = FeetechPacketWriter.Status(packet, id, error, parameters);

            byte[] noise = new byte[random.Next(0, 6)];
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = (byte)random.Next(0, 0xFF);
            }

            reader.Append(noise);
            ReadOnlySpan<byte> rest = packet.AsSpan(0, length);
            while (!rest.IsEmpty)
            {
                int chunk = Math.Min(rest.Length, random.Next(1, 9));
                reader.Append(rest[..chunk]);
                rest = rest[chunk..];
            }

            Assert.True(reader.TryRead(out FeetechStatus status), $"round {round}");
            Assert.Equal(id, status.Id);
            Assert.Equal(error, status.Error);
            Assert.Equal(Hex.Of(parameters), Hex.Of(status.Parameters));
        }

        Assert.Equal(0, reader.ChecksumErrorCount);
    }
}
