using RobotEdge.Bus.Transports.Can;

namespace RobotEdge.Bus.Tests.Transports.Can;

/// <summary>
/// The 16-byte <c>struct can_frame</c> layout, byte for byte as the kernel reads and writes it on a
/// little-endian machine (x86-64, ARM64), which is where these tests run.
/// </summary>
public sealed class SocketCanCodecTests
{
    public SocketCanCodecTests()
    {
        Assert.True(BitConverter.IsLittleEndian, "the expected byte strings below are for little-endian hosts");
    }

    [Theory]
    [InlineData("23010000" + "03000000" + "1122330000000000", 0x123u, false, false, "112233")]
    [InlineData("FF070000" + "00000000" + "0000000000000000", 0x7FFu, false, false, "")]
    [InlineData("78563492" + "08000000" + "0102030405060708", 0x12345678u, true, false, "0102030405060708")]
    [InlineData("23010040" + "02000000" + "0000000000000000", 0x123u, false, true, "")]
    [InlineData("FFFFFFDF" + "01000000" + "0000000000000000", 0x1FFFFFFFu, true, true, "")]
    public void Encode_ProducesKernelLayout_AndDecodesBack(string expectedHex, uint id, bool extended, bool remote, string dataHex)
    {
        byte[] data = Convert.FromHexString(dataHex);
        CanFrame frame = remote ? CanFrame.CreateRemote(id, extended ? 1 : 2, extended) : new CanFrame(id, data, extended);
        byte[] raw = new byte[SocketCanCodec.FrameSize];
        raw.AsSpan().Fill(0xCC); // padding and unused data must be cleared, not left as found

        SocketCanCodec.Encode(frame, raw);

        Assert.Equal(expectedHex, Convert.ToHexString(raw));
        Assert.True(SocketCanCodec.TryDecode(raw, out CanFrame decoded));
        Assert.Equal(frame, decoded);
    }

    [Fact]
    public void Decode_ErrorFrame_ReportsClassAndDetail()
    {
        // CAN_ERR_FLAG | CAN_ERR_BUSOFF | CAN_ERR_CRTL, len 8, data[1] = CAN_ERR_CRTL_TX_PASSIVE (0x20).
        byte[] raw = Convert.FromHexString("44000020" + "08000000" + "0020000000000000");

        Assert.True(SocketCanCodec.TryDecode(raw, out CanFrame frame));

        Assert.True(frame.IsError);
        Assert.False(frame.IsRemote);
        Assert.Equal((uint)(CanErrorFlags.BusOff | CanErrorFlags.Controller), frame.Id);
        Assert.Equal(0x20, frame.Data[1]);
    }

    [Fact]
    public void Decode_RejectsBadLengths()
    {
        byte[] tooLong = Convert.FromHexString("23010000" + "09000000" + "0000000000000000");

        Assert.False(SocketCanCodec.TryDecode(tooLong, out _));
        Assert.False(SocketCanCodec.TryDecode(new byte[15], out _));
        Assert.False(SocketCanCodec.TryDecode(new byte[72], out _)); // a CAN FD frame (canfd_frame) is not accepted
    }

    [Fact]
    public void Encode_RefusesShortDestination()
    {
        Assert.Throws<ArgumentException>(() => SocketCanCodec.Encode(new CanFrame(1, []), new byte[15]));
    }

    [Fact]
    public void CanFilter_Helpers_MatchKernelMasks()
    {
        Assert.Equal(new CanFilter(0x141, 0xC00007FF), CanFilter.Standard(0x141));
        Assert.Equal(new CanFilter(0x80000141, 0xDFFFFFFF), CanFilter.Extended(0x141));
    }
}
