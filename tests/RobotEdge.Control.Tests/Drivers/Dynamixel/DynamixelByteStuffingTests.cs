using RobotEdge.Control.Drivers.Dynamixel;

namespace RobotEdge.Control.Tests.Drivers.Dynamixel;

public class DynamixelByteStuffingTests
{
    [Theory]
    [InlineData("FF FF FD", "FF FF FD FD")]
    [InlineData("FF FF FF FD", "FF FF FF FD FD")]
    [InlineData("FF FF FD FF FF FD", "FF FF FD FD FF FF FD FD")]
    [InlineData("FF FF FD FD", "FF FF FD FD FD")]
    [InlineData("FF FD FF FD", "FF FD FF FD")]
    [InlineData("01 02 03", "01 02 03")]
    public void Stuffing_inserts_fd_after_each_header_pattern(string raw, string stuffed)
    {
        byte[] destination = new byte[16];

        Assert.True(DynamixelByteStuffing.TryStuff(Hex.Bytes(raw), destination, out int written));
        Assert.Equal(Hex.Normalize(stuffed), Hex.Of(destination.AsSpan(0, written)));

        byte[] back = new byte[16];
        Assert.True(DynamixelByteStuffing.TryUnstuff(destination.AsSpan(0, written), back, out int unstuffed));
        Assert.Equal(Hex.Normalize(raw), Hex.Of(back.AsSpan(0, unstuffed)));
    }

    [Fact]
    public void Written_packet_counts_stuffed_bytes_in_length_and_crc()
    {
        byte[] packet = new byte[32];

        int length = DynamixelPacketWriter.Write(packet, 1, 116, [0xFF, 0xFF, 0xFD, 0x00]);

        // Body 03 74 00 FF FF FD 00 becomes 03 74 00 FF FF FD FD 00: LEN = 8 + 2 = 0x0A.
        Assert.Equal(17, length);
        Assert.Equal(Hex.Normalize("FF FF FD 00 01 0A 00 03 74 00 FF FF FD FD 00"), Hex.Of(packet.AsSpan(0, 15)));
        ushort crc = DynamixelCrc.Compute(packet.AsSpan(0, 15));
        Assert.Equal(crc, (ushort)(packet[15] | (packet[16] << 8)));
    }

    [Fact]
    public void Stuffed_instruction_parses_back_to_the_raw_parameters()
    {
        byte[] packet = new byte[32];
        int length = DynamixelPacketWriter.Write(packet, 1, 116, [0xFF, 0xFF, 0xFD, 0x00]);

        Assert.True(DynamixelInstructionParser.TryParse(packet.AsSpan(0, length), new byte[16], out DynamixelInstructionPacket parsed, out int consumed));

        Assert.Equal(length, consumed);
        Assert.True(parsed.TryGetWrite(out ushort address, out ReadOnlySpan<byte> data));
        Assert.Equal(116, address);
        Assert.Equal("FFFFFD00", Hex.Of(data));
    }

    [Fact]
    public void Stuffed_status_whose_error_byte_starts_a_pattern_round_trips()
    {
        byte[] packet = new byte[32];
        var error = new DynamixelStatusError(0xFF);
        int length = DynamixelPacketWriter.Status(packet, 7, error, [0xFF, 0xFD, 0xFF, 0xFF, 0xFD]);

        Assert.True(DynamixelStatusParser.TryParse(packet.AsSpan(0, length), new byte[16], out DynamixelStatus status, out _));

        Assert.Equal(0xFF, status.Error.Raw);
        Assert.Equal("FFFDFFFFFD", Hex.Of(status.Parameters));
        Assert.Equal(-1, packet.AsSpan(4, length - 4).IndexOf(DynamixelProtocol.Header));
    }

    [Fact]
    public void Max_packet_length_covers_the_worst_case_of_stuffing()
    {
        byte[] parameters = new byte[30];
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (i % 3) == 2 ? (byte)0xFD : (byte)0xFF;
        }

        byte[] packet = new byte[DynamixelProtocol.GetMaxInstructionPacketLength(parameters.Length)];
        int length = DynamixelPacketWriter.Instruction(packet, 1, DynamixelInstruction.Write, parameters);

        Assert.Equal(packet.Length, length);
    }
}
