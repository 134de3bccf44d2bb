using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

/// <summary>
/// Messages built byte by byte from src/Bus/Network/WIRE.md — not through the contract types — and
/// read by the server's decoders: what a robot written in another language, with any MessagePack
/// library, would send.
/// </summary>
public class WireSpecTests
{
    [Fact]
    public void TheSpecsExampleRequestIsReadInPlace()
    {
        byte[] wire = Hex("""
            52 45 02 01 19 00 00 00
            92
            02
            96
            a5 61 72 6d 2d 31
            29
            cd 03 e8
            ce 03 0a 32 c0
            02
            c4 04 01 02 03 04
            """);

        Assert.True(WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out WireError error), error.ToString());
        Assert.Equal("arm-1", System.Text.Encoding.UTF8.GetString(wire, view.RobotIdOffset, view.RobotIdLength));
        Assert.Equal((41L, 1_000L, 51_000_000L, TensorEncoding.Uint8Pixel), (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, view.Encoding));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, wire.AsSpan(view.TensorOffset, view.TensorLength).ToArray());

        // And it is byte for byte what a RobotEdge robot writes.
        var buffer = new WireBuffer();
        WireCodec.WriteInferRequest(buffer, "arm-1"u8, 41, 1_000, 51_000_000, TensorEncoding.Uint8Pixel, [1, 2, 3, 4]);
        Assert.Equal(wire, buffer.ToArray());
    }

    [Fact]
    public void AnyIntegerWidthAndBinHeaderIsTakenAsTheSpecSays()
    {
        // The same request, every integer in its widest format and the tensor behind a bin32 header.
        byte[] payload = Hex("""
            92 d3 00 00 00 00 00 00 00 02
            96
            d9 05 61 72 6d 2d 31
            d3 00 00 00 00 00 00 00 29
            d3 ff ff ff ff ff ff fc 18
            cf 00 00 00 00 03 0a 32 c0
            d2 00 00 00 02
            c6 00 00 00 04 01 02 03 04
            """);
        Assert.True(WireCodec.TryReadInfer(Frame(payload), WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out WireError error), error.ToString());
        Assert.Equal((41L, -1_000L, 51_000_000L, TensorEncoding.Uint8Pixel, 4), (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, view.Encoding, view.TensorLength));

        // A float where an integer belongs is malformed.
        byte[] floatSequence = Hex("92 02 96 a5 61 72 6d 2d 31 cb 40 44 80 00 00 00 00 00 01 02 02 c4 00");
        Assert.False(WireCodec.TryReadInfer(Frame(floatSequence), WireCodec.DefaultMaxMessageBytes, out _, out error));
        Assert.Equal(WireError.MalformedPayload, error);
    }

    [Fact]
    public void OlderAndNewerBodiesAreTakenAsTheVersioningRulesSay()
    {
        // An older robot's four fields: the encoding and tensor default to nothing (the server then refuses the request's size, not its bytes).
        Assert.True(WireCodec.TryReadInfer(Frame(Hex("92 02 94 a5 61 72 6d 2d 31 07 01 02")), WireCodec.DefaultMaxMessageBytes, out InferRequestView older, out _));
        Assert.Equal((7L, TensorEncoding.Unspecified, 0), (older.Sequence, older.Encoding, older.TensorLength));

        // A newer robot's eighth and ninth fields (a map and a string) are skipped.
        byte[] newer = Hex("92 02 98 a5 61 72 6d 2d 31 07 01 02 02 c4 01 ff 81 a1 6b 2a a3 6e 65 77");
        Assert.True(WireCodec.TryReadInfer(Frame(newer), WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out _));
        Assert.Equal((7L, 1), (view.Sequence, view.TensorLength));

        // A newer message kind is an empty body to this server, not an error that ends anything.
        Assert.Equal(WireError.EmptyBody, WireCodec.TryDecode(Frame(Hex("92 06 91 c3")), WireCodec.DefaultMaxMessageBytes, out RobotToEdge? _));
    }

    [Fact]
    public void TheOtherRobotMessagesDecodeFromTheSpec()
    {
        // Hello: [nil, "pose", 640, 480]
        Assert.Equal(WireError.None, WireCodec.TryDecode(Frame(Hex("92 01 94 c0 a4 70 6f 73 65 cd 02 80 cd 01 e0")), 1 << 20, out RobotToEdge? m));
        var hello = Assert.IsType<Hello>(m);
        Assert.Equal((null, "pose", 640u, 480u), (hello.RobotId, hello.ModelName, hello.FrameWidth, hello.FrameHeight));

        // ClockPing: [123456]
        Assert.Equal(WireError.None, WireCodec.TryDecode(Frame(Hex("92 03 91 ce 00 01 e2 40")), 1 << 20, out m));
        Assert.Equal(123_456, Assert.IsType<ClockPing>(m).RobotSendNs);

        // RobotStatus: [1.5, -2.0, false, "t-7"]
        Assert.Equal(WireError.None, WireCodec.TryDecode(Frame(Hex("92 04 94 cb 3f f8 00 00 00 00 00 00 cb c0 00 00 00 00 00 00 00 c2 a3 74 2d 37")), 1 << 20, out m));
        var status = Assert.IsType<RobotStatus>(m);
        Assert.Equal((1.5, -2.0, false, "t-7"), (status.XM, status.YM, status.Faulted, status.CompletedTaskId));

        // RobotHealth: twelve fields, the latencies as float32 and one as an integer (both are numbers a float64 field takes).
        byte[] health = Hex("""
            92 05 9c
            0a 14 1e 02 cd 03 e8 05
            ca 41 48 00 00
            ca 41 f8 00 00
            a4 61 75 74 6f
            a0
            04
            32
            """);
        Assert.Equal(WireError.None, WireCodec.TryDecode(Frame(health), 1 << 20, out m));
        var h = Assert.IsType<RobotHealth>(m);
        Assert.Equal((10L, 20L, 30L, 2L, 1000L, 5L), (h.RouteOnBoard, h.RouteEdge, h.RouteHedged, h.Fallbacks, h.FramesCommanded, h.DeadlineMisses));
        Assert.Equal((12.5, 31.0, "auto", "", 4u, 50.0), (h.LatencyP50Ms, h.LatencyP99Ms, h.SafetyMode, h.StopCauses, h.FaultMask, h.DeadlineMs));
    }

    [Fact]
    public void TheAnswerIsWrittenAsTheSpecSays()
    {
        var buffer = new WireBuffer();
        WireCodec.WriteInferResult(buffer, 41, [10.5f, 20.25f, 0.5f], RejectReason.Unspecified, "", 2, 1_000, 2_000_000);
        byte[] expected = Hex("""
            52 45 02 02 1f 00 00 00
            92 02 97
            29
            93 ca 41 28 00 00 ca 41 a2 00 00 ca 3f 00 00 00
            00
            a0
            02
            cd 03 e8
            ce 00 1e 84 80
            """);
        Assert.Equal(expected, buffer.ToArray());

        WireCodec.WriteInferResult(buffer, 42, [], RejectReason.DeadlineUnreachable, null, 0, 0, 0);
        Assert.Equal(Hex("52 45 02 02 0a 00 00 00 92 02 97 2a 90 01 c0 00 00 00"), buffer.ToArray());
    }

    private static byte[] Frame(byte[] payload) => WireCodecTests.Frame(payload);

    private static byte[] Hex(string text) => Convert.FromHexString(string.Concat(text.Where(Uri.IsHexDigit)));
}
