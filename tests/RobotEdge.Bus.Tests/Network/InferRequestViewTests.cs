using Google.Protobuf;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

public class InferRequestViewTests
{
    private static byte[] Wire(RobotToEdge message)
    {
        var wire = new byte[WireCodec.EncodedLength(message)];
        WireCodec.Encode(message, WireDirection.RobotToEdge, wire);
        return wire;
    }

    private static RobotToEdge Request(Random random, int tensorBytes) => new()
    {
        Infer = new InferRequest
        {
            RobotId = $"robot-{random.Next(1000)}",
            Sequence = random.NextInt64(0, long.MaxValue),
            CaptureRobotNs = random.NextInt64(long.MinValue, long.MaxValue),
            DeadlineEdgeNs = random.NextInt64(),
            Encoding = random.Next(2) == 0 ? TensorEncoding.Uint8Pixel : TensorEncoding.Float32,
            Tensor = ByteString.CopyFrom(Enumerable.Range(0, tensorBytes).Select(_ => (byte)random.Next(256)).ToArray()),
        },
    };

    [Fact]
    public void ReadsWhatTheClientWritesExactlyAsProtobufParsesIt()
    {
        var random = new Random(11);
        foreach (int size in new[] { 0, 1, 127, 128, 196_608 })
        {
            RobotToEdge message = Request(random, size);
            byte[] wire = Wire(message);

            Assert.True(WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out InferRequestView view));
            InferRequest expected = message.Infer;
            Assert.Equal(expected.RobotId, System.Text.Encoding.UTF8.GetString(wire, view.RobotIdOffset, view.RobotIdLength));
            Assert.Equal((expected.Sequence, expected.CaptureRobotNs, expected.DeadlineEdgeNs, expected.Encoding),
                (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, view.Encoding));
            Assert.True(wire.AsSpan(view.TensorOffset, view.TensorLength).SequenceEqual(expected.Tensor.Span));
        }
    }

    [Fact]
    public void LeavesEverythingElseToTheFullParser()
    {
        Assert.False(WireCodec.TryReadInfer(Wire(new RobotToEdge { Ping = new ClockPing { RobotSendNs = 5 } }), WireCodec.DefaultMaxMessageBytes, out _));
        Assert.False(WireCodec.TryReadInfer(Wire(new RobotToEdge { Hello = new Hello { RobotId = "a" } }), WireCodec.DefaultMaxMessageBytes, out _));

        // A field repeated (protobuf: the last one wins) is for the full parser.
        byte[] wire = Wire(Request(new Random(3), 16));
        byte[] payload = wire[WireCodec.HeaderBytes..];
        var doubled = new InferRequest { Sequence = 9 }.ToByteArray();
        var body = payload.AsSpan(2).ToArray().Concat(doubled).ToArray(); // the request's fields, then sequence again
        var rebuilt = new byte[] { 0x12 }.Concat(Varint(body.Length)).Concat(body).ToArray();
        Assert.Equal(9, RobotToEdge.Parser.ParseFrom(rebuilt).Infer.Sequence);
        var rewired = new byte[WireCodec.HeaderBytes + rebuilt.Length];
        wire.AsSpan(0, WireCodec.HeaderBytes).CopyTo(rewired);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(rewired.AsSpan(4), (uint)rebuilt.Length);
        rebuilt.CopyTo(rewired, WireCodec.HeaderBytes);
        Assert.False(WireCodec.TryReadInfer(rewired, WireCodec.DefaultMaxMessageBytes, out _));
    }

    [Fact]
    public void MangledRequestsNeverThrowAndAnythingReadAgreesWithProtobuf()
    {
        var random = new Random(20261121);
        byte[] original = Wire(Request(random, 64));
        int accepted = 0;
        for (int trial = 0; trial < 20_000; trial++)
        {
            byte[] wire = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                wire[random.Next(WireCodec.HeaderBytes, wire.Length)] = (byte)random.Next(256);
            }

            if (random.Next(4) == 0)
            {
                wire = wire[..random.Next(WireCodec.HeaderBytes, wire.Length)];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(4), (uint)(wire.Length - WireCodec.HeaderBytes));
            }

            if (!WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out InferRequestView view))
            {
                continue;
            }

            accepted++;
            Assert.Equal(WireError.None, WireCodec.TryDecode(wire, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? parsed));
            InferRequest expected = parsed!.Infer;
            Assert.Equal((expected.Sequence, expected.CaptureRobotNs, expected.DeadlineEdgeNs, (int)expected.Encoding),
                (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, (int)view.Encoding));
            Assert.True(wire.AsSpan(view.TensorOffset, view.TensorLength).SequenceEqual(expected.Tensor.Span));
            Assert.True(wire.AsSpan(view.RobotIdOffset, view.RobotIdLength).SequenceEqual(expected.RobotId.Length == 0 ? [] : System.Text.Encoding.UTF8.GetBytes(expected.RobotId))
                        || !System.Text.Unicode.Utf8.IsValid(wire.AsSpan(view.RobotIdOffset, view.RobotIdLength)));
        }

        Assert.InRange(accepted, 1000, 20_000); // flips inside the tensor still read
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes.ToArray();
    }
}
