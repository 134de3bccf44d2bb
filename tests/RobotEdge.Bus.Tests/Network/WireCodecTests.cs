using MessagePack;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

public class WireCodecTests
{
    private static readonly InferRequest Request = new()
    {
        RobotId = "arm-1", Sequence = 41, CaptureRobotNs = 1_000, DeadlineEdgeNs = 51_000_000, Encoding = TensorEncoding.Uint8Pixel,
        Tensor = [1, 2, 3, 4],
    };

    [Fact]
    public void RoundTripsAMessageBehindItsHeader()
    {
        byte[] wire = WireCodec.Encode(Request);

        Assert.Equal((byte)'R', wire[0]);
        Assert.Equal((byte)'E', wire[1]);
        Assert.Equal(2, WireCodec.Version);
        Assert.Equal(WireCodec.Version, wire[2]);
        Assert.Equal((byte)WireDirection.RobotToEdge, wire[3]);
        Assert.Equal((uint)(wire.Length - WireCodec.HeaderBytes), BitConverter.ToUInt32(wire, 4));
        Assert.Equal(WireError.None, WireCodec.TryDecode(wire, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? decoded));
        var request = Assert.IsType<InferRequest>(decoded);
        Assert.Equal((Request.RobotId, Request.Sequence, Request.CaptureRobotNs, Request.DeadlineEdgeNs, Request.Encoding),
            (request.RobotId, request.Sequence, request.CaptureRobotNs, request.DeadlineEdgeNs, request.Encoding));
        Assert.Equal(Request.Tensor, request.Tensor);

        byte[] health = WireCodec.Encode(new RobotHealth { FramesCommanded = 7, DeadlineMisses = 1, SafetyMode = "auto", LatencyP99Ms = 12.5, FaultMask = 4 });
        Assert.Equal(WireError.None, WireCodec.TryDecode(health, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? h));
        Assert.Equal((7L, 1L, "auto", 12.5, 4u), (((RobotHealth)h!).FramesCommanded, ((RobotHealth)h).DeadlineMisses, ((RobotHealth)h).SafetyMode, ((RobotHealth)h).LatencyP99Ms, ((RobotHealth)h).FaultMask));
    }

    [Fact]
    public void RefusesTrailingBytesTruncationAndForeignHeaders()
    {
        byte[] wire = WireCodec.Encode(Request);

        Assert.Equal(WireError.LengthMismatch, WireCodec.TryDecode((byte[])[.. wire, 0], 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.LengthMismatch, WireCodec.TryDecode(wire.AsMemory(0, wire.Length - 1), 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.TooShort, WireCodec.TryDecode(wire.AsMemory(0, 7), 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.TooLarge, WireCodec.TryDecode(wire, wire.Length - 1, out RobotToEdge? _));
        Assert.Equal(WireError.WrongDirection, WireCodec.TryDecode(wire, 1 << 20, out EdgeToRobot? _));

        byte[] magic = (byte[])wire.Clone();
        magic[1] = (byte)'X';
        Assert.Equal(WireError.BadMagic, WireCodec.TryDecode(magic, 1 << 20, out RobotToEdge? _));
        byte[] version = (byte[])wire.Clone();
        version[2] = 1; // the retired protobuf payload
        Assert.Equal(WireError.UnsupportedVersion, WireCodec.TryDecode(version, 1 << 20, out RobotToEdge? _));

        // A payload whose MessagePack value ends before the payload does: trailing bytes inside the length.
        byte[] trailing = Frame([.. wire[WireCodec.HeaderBytes..], 0xC0]);
        Assert.Equal(WireError.MalformedPayload, WireCodec.TryDecode(trailing, 1 << 20, out RobotToEdge? _));
        Assert.False(WireCodec.TryReadInfer(trailing, 1 << 20, out _, out WireError error));
        Assert.Equal(WireError.MalformedPayload, error);
    }

    [Fact]
    public void RefusesAPayloadThatIsNotTheMessageOrHasNoBody()
    {
        Assert.Equal(WireError.MalformedPayload, WireCodec.TryDecode(Frame([0xC1, 0xFF, 0xFF]), 1 << 20, out RobotToEdge? _));
        Assert.Equal(WireError.MalformedPayload, WireCodec.TryDecode(Frame([0x93, 0x01, 0xC0, 0xC0]), 1 << 20, out RobotToEdge? _)); // [kind, body, ?]
        Assert.Equal(WireError.MalformedPayload, WireCodec.TryDecode(Frame([0x92, 0x01, 0x2A]), 1 << 20, out RobotToEdge? _)); // a hello that is a number

        Assert.Equal(WireError.EmptyBody, WireCodec.TryDecode(Frame([0xC0]), 1 << 20, out RobotToEdge? message)); // nil
        Assert.Null(message);
        Assert.Equal(WireError.EmptyBody, WireCodec.TryDecode(Frame([0x92, 0x63, 0x90]), 1 << 20, out message)); // kind 99: unknown to this build
        Assert.Equal(WireError.EmptyBody, WireCodec.TryDecode(Frame([0x92, 0x02, 0xC0]), 1 << 20, out message)); // a nil request
        Assert.False(WireCodec.TryReadInfer(Frame([0x92, 0x02, 0xC0]), 1 << 20, out _, out WireError error));
        Assert.Equal(WireError.EmptyBody, error);
    }

    [Fact]
    public void RefusesHostileNestingWithoutOverflowingTheStack()
    {
        // A request with a seventh field nested 300,000 arrays deep: MessagePack's own Skip would
        // recurse once per level. The shape check refuses it first, without recursion.
        var payload = new List<byte> { 0x92, 0x02, 0x97, 0xA1, (byte)'a', 1, 2, 3, 2, 0xC4, 0x00 };
        payload.AddRange(Enumerable.Repeat((byte)0x91, 300_000));
        payload.Add(0xC0);
        byte[] wire = Frame([.. payload]);

        Assert.False(WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out _, out WireError error));
        Assert.Equal(WireError.NestingTooDeep, error);
        Assert.Equal(WireError.NestingTooDeep, WireCodec.TryDecode(wire, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? _));

        // Sixteen levels are fine (a field of a newer robot, skipped).
        var deepEnough = new List<byte> { 0x92, 0x02, 0x97, 0xA1, (byte)'a', 1, 2, 3, 2, 0xC4, 0x00 };
        deepEnough.AddRange(Enumerable.Repeat((byte)0x91, WireCodec.MaxNestingDepth - 2));
        deepEnough.Add(0xC0);
        Assert.True(WireCodec.TryReadInfer(Frame([.. deepEnough]), WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out _));
        Assert.Equal(1, view.Sequence);
    }

    [Fact]
    public void TheHotWritersMatchTheContractsAndAllocateNothing()
    {
        var buffer = new WireBuffer(1024);
        byte[] id = "arm-1"u8.ToArray();
        byte[] tensor = [1, 2, 3, 4];
        float[] keypoints = [10.5f, 20.25f, 0.9f, -1f, 3e9f, 0f];
        WireCodec.WriteInferRequest(buffer, id, 41, 1_000, 51_000_000, TensorEncoding.Uint8Pixel, tensor);
        Assert.Equal(WireCodec.Encode(Request), buffer.ToArray());

        WireCodec.WriteInferResult(buffer, 7, keypoints, RejectReason.Unspecified, null, 3, 1_500, long.MaxValue);
        var expected = new InferResult { Sequence = 7, Keypoints = keypoints, BatchSize = 3, QueuedNs = 1_500, ExecutionNs = long.MaxValue };
        Assert.Equal(WireCodec.Encode(expected), buffer.ToArray());
        Assert.Equal(WireError.None, WireCodec.TryDecode(buffer.ToArray(), 1 << 20, out EdgeToRobot? answer));
        Assert.Equal(keypoints, ((InferResult)answer!).Keypoints);

        byte[] wire = WireCodec.Encode(Request);
        var values = new float[keypoints.Length];
        long before = GC.GetAllocatedBytesForCurrentThread();
        long sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            WireCodec.WriteInferRequest(buffer, id, i, 1_000, 51_000_000, TensorEncoding.Uint8Pixel, tensor);
            WireCodec.TryReadInfer(wire, 1 << 20, out InferRequestView view, out _);
            WireCodec.WriteInferResult(buffer, i, keypoints, RejectReason.Superseded, "", 0, 0, 0);
            WireCodec.TryReadInferResult(buffer.WrittenMemory, 1 << 20, values, out InferResultView result, out _);
            sum += view.Sequence + result.Sequence;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(41_000 + 499_500, sum);
    }

    /// <summary>Puts a valid robot → edge header in front of <paramref name="payload"/>.</summary>
    internal static byte[] Frame(byte[] payload, WireDirection direction = WireDirection.RobotToEdge)
    {
        var wire = new byte[WireCodec.HeaderBytes + payload.Length];
        wire[0] = (byte)'R';
        wire[1] = (byte)'E';
        wire[2] = WireCodec.Version;
        wire[3] = (byte)direction;
        BitConverter.TryWriteBytes(wire.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(wire, WireCodec.HeaderBytes);
        return wire;
    }
}
