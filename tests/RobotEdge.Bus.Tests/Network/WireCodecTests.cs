using Google.Protobuf;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

public class WireCodecTests
{
    private static readonly RobotToEdge Request = new()
    {
        Infer = new InferRequest
        {
            RobotId = "arm-1", Sequence = 41, CaptureRobotNs = 1_000, DeadlineEdgeNs = 51_000_000, Encoding = TensorEncoding.Uint8Pixel,
            Tensor = ByteString.CopyFrom(1, 2, 3, 4),
        },
    };

    [Fact]
    public void RoundTripsAMessageBehindItsHeader()
    {
        byte[] wire = WireCodec.Encode(Request, WireDirection.RobotToEdge);

        Assert.Equal((byte)'R', wire[0]);
        Assert.Equal((byte)'E', wire[1]);
        Assert.Equal(WireCodec.Version, wire[2]);
        Assert.Equal((byte)WireDirection.RobotToEdge, wire[3]);
        Assert.Equal((uint)(wire.Length - WireCodec.HeaderBytes), BitConverter.ToUInt32(wire, 4));
        Assert.Equal(WireError.None, WireCodec.TryDecode(wire, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? decoded));
        Assert.Equal(Request, decoded);
    }

    [Fact]
    public void RefusesTrailingBytesTruncationAndForeignHeaders()
    {
        byte[] wire = WireCodec.Encode(Request, WireDirection.RobotToEdge);

        Assert.Equal(WireError.LengthMismatch, WireCodec.TryDecode([.. wire, 0], 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.LengthMismatch, WireCodec.TryDecode(wire.AsSpan(0, wire.Length - 1), 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.TooShort, WireCodec.TryDecode(wire.AsSpan(0, 7), 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.TooLarge, WireCodec.TryDecode(wire, wire.Length - 1, out RobotToEdge? _));
        Assert.Equal(WireError.WrongDirection, WireCodec.TryDecode(wire, 1 << 20, out EdgeToRobot? _));

        byte[] magic = (byte[])wire.Clone();
        magic[1] = (byte)'X';
        Assert.Equal(WireError.BadMagic, WireCodec.TryDecode(magic, 1 << 20, out RobotToEdge? _));
        byte[] version = (byte[])wire.Clone();
        version[2] = 2;
        Assert.Equal(WireError.UnsupportedVersion, WireCodec.TryDecode(version, 1 << 20, out RobotToEdge? _));
    }

    [Fact]
    public void RefusesAPayloadThatIsNotTheMessageOrHasNoBody()
    {
        byte[] garbage = [(byte)'R', (byte)'E', 1, 1, 3, 0, 0, 0, 0x07, 0xFF, 0xFF];
        Assert.Equal(WireError.MalformedPayload, WireCodec.TryDecode(garbage, 1 << 20, out RobotToEdge? _));

        byte[] empty = WireCodec.Encode(new RobotToEdge(), WireDirection.RobotToEdge);
        Assert.Equal(WireError.EmptyBody, WireCodec.TryDecode(empty, 1 << 20, out RobotToEdge? message));
        Assert.Null(message);
    }
}
