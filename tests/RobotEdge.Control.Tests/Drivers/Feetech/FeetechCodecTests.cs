using RobotEdge.Control.Drivers.Feetech;
using static RobotEdge.Control.Tests.Drivers.Feetech.FeetechExamples;

namespace RobotEdge.Control.Tests.Drivers.Feetech;

public class FeetechCodecTests
{
    [Theory]
    [InlineData("ping", PingId1)]
    [InlineData("read", ReadPresentPositionId1)]
    [InlineData("write position", WriteGoalPosition2048Id1)]
    [InlineData("write position time speed", WritePositionTimeSpeedId1)]
    [InlineData("torque on", TorqueOnId1)]
    [InlineData("status", StatusPingId1)]
    public void Packets_match_the_examples(string example, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];

        int written = Encode(example, buffer);

        Assert.Equal(Hex.Normalize(expected), Hex.Of(buffer[..written]));
    }

    [Theory]
    [InlineData(PingId1)]
    [InlineData(ReadPresentPositionId1)]
    [InlineData(WritePositionTimeSpeedId1)]
    [InlineData(StatusPingId1)]
    public void Checksum_is_the_inverted_low_byte_of_the_sum(string packet)
    {
        byte[] bytes = Hex.Bytes(packet);

        Assert.Equal(bytes[^1], FeetechChecksum.Compute(bytes.AsSpan(2, bytes.Length - 3)));
    }

    [Fact]
    public void Sync_write_lays_out_id_and_data_per_servo()
    {
        Span<byte> buffer = stackalloc byte[32];
        FeetechRegisterCodec codec = FeetechRegisterCodec.Sts;
        Span<byte> data = stackalloc byte[4];
        codec.WriteUInt16(data, 2048);
        codec.WriteUInt16(data[2..], 1024);

        int written = FeetechPacketWriter.SyncWrite(buffer, 42, 2, [1, 2], data);

        // LEN = (2 + 1) × 2 + 4 = 10; checksum ~(FE + 0A + 83 + 2A + 02 + 01 + 00 + 08 + 02 + 00 + 04) = ~0x1C6 → 0x39.
        Assert.Equal(Hex.Normalize("FF FF FE 0A 83 2A 02 01 00 08 02 00 04 39"), Hex.Of(buffer[..written]));
    }

    [Fact]
    public void Sync_read_lists_address_length_and_ids()
    {
        Span<byte> buffer = stackalloc byte[32];

        int written = FeetechPacketWriter.SyncRead(buffer, 56, 2, [1, 2, 3]);

        // LEN = 3 + 4 = 7; checksum ~(FE + 07 + 82 + 38 + 02 + 01 + 02 + 03) = ~0x1C7 → 0x38.
        Assert.Equal(Hex.Normalize("FF FF FE 07 82 38 02 01 02 03 38"), Hex.Of(buffer[..written]));
    }

    [Fact]
    public void Byte_order_is_a_codec_parameter()
    {
        Span<byte> little = stackalloc byte[2];
        Span<byte> big = stackalloc byte[2];

        FeetechRegisterCodec.Sts.WriteUInt16(little, 0x0800);
        FeetechRegisterCodec.Scs.WriteUInt16(big, 0x0800);

        Assert.Equal("0008", Hex.Of(little));
        Assert.Equal("0800", Hex.Of(big));
        Assert.True(FeetechRegisterCodec.Scs.TryReadUInt16(big, 0, out ushort value));
        Assert.Equal(0x0800, value);
        Assert.False(FeetechRegisterCodec.Sts.TryReadUInt16(little, 1, out _));
    }

    [Theory]
    [InlineData(100, 15, 0x0064)]
    [InlineData(-100, 15, 0x8064)]
    [InlineData(-500, 10, 0x05F4)]
    [InlineData(40_000, 15, 0x7FFF)]
    [InlineData(-40_000, 15, 0xFFFF)]
    public void Sign_magnitude_encoding_puts_the_direction_above_the_magnitude(int value, int signBit, int raw)
    {
        Assert.Equal((ushort)raw, FeetechRegisterCodec.EncodeSignMagnitude(value, signBit));
    }

    [Theory]
    [InlineData(0x8064, 15, -100)]
    [InlineData(0x0064, 15, 100)]
    [InlineData(0x8000, 15, 0)]
    [InlineData(0x05F4, 10, -500)]
    [InlineData(0x01F4, 10, 500)]
    public void Sign_magnitude_decoding(int raw, int signBit, int value)
    {
        Assert.Equal(value, FeetechRegisterCodec.DecodeSignMagnitude((ushort)raw, signBit));
    }

    [Fact]
    public void Parameters_beyond_the_one_byte_length_field_are_rejected()
    {
        byte[] buffer = new byte[300];

        Assert.Throws<ArgumentException>(() =>
            FeetechPacketWriter.Instruction(buffer, 1, FeetechInstruction.Write, new byte[FeetechProtocol.MaxParameterLength + 1]));
    }

    private static int Encode(string example, Span<byte> destination)
    {
        FeetechRegisterCodec codec = FeetechRegisterCodec.Sts;
        Span<byte> data = stackalloc byte[6];
        switch (example)
        {
            case "ping":
                return FeetechPacketWriter.Ping(destination, 1);
            case "read":
                return FeetechPacketWriter.Read(destination, 1, 0x38, 2);
            case "write position":
                codec.WriteUInt16(data, 2048);
                return FeetechPacketWriter.Write(destination, 1, 42, data[..2]);
            case "write position time speed":
                codec.WriteUInt16(data, 2048);
                codec.WriteUInt16(data[2..], 0);
                codec.WriteSignMagnitude(data[4..], 1000, 15);
                return FeetechPacketWriter.Write(destination, 1, 42, data);
            case "torque on":
                return FeetechPacketWriter.Write(destination, 1, 40, [1]);
            case "status":
                return FeetechPacketWriter.Status(destination, 1, FeetechStatusError.None, default);
            default:
                throw new ArgumentOutOfRangeException(nameof(example));
        }
    }
}
