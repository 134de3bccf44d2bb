using System.Buffers.Binary;
using MessagePack;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

public class InferRequestViewTests
{
    private static InferRequest Request(Random random, int tensorBytes) => new()
    {
        RobotId = $"robot-{random.Next(1000)}",
        Sequence = random.NextInt64(0, long.MaxValue),
        CaptureRobotNs = random.NextInt64(long.MinValue, long.MaxValue),
        DeadlineEdgeNs = random.NextInt64(),
        Encoding = random.Next(2) == 0 ? TensorEncoding.Uint8Pixel : TensorEncoding.Float32,
        Tensor = Enumerable.Range(0, tensorBytes).Select(_ => (byte)random.Next(256)).ToArray(),
    };

    [Fact]
    public void ReadsWhatTheClientWritesExactlyAsMessagePackDeserializesIt()
    {
        var random = new Random(11);
        var buffer = new WireBuffer();
        foreach (int size in new[] { 0, 1, 31, 32, 255, 256, 65_535, 65_536, 196_608 })
        {
            InferRequest expected = Request(random, size);
            WireCodec.WriteInferRequest(buffer, System.Text.Encoding.UTF8.GetBytes(expected.RobotId!), expected.Sequence, expected.CaptureRobotNs,
                expected.DeadlineEdgeNs, expected.Encoding, expected.Tensor);
            byte[] wire = buffer.ToArray();
            Assert.Equal(WireCodec.Encode(expected), wire);

            Assert.True(WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out WireError error), error.ToString());
            Assert.Equal(expected.RobotId, System.Text.Encoding.UTF8.GetString(wire, view.RobotIdOffset, view.RobotIdLength));
            Assert.Equal((expected.Sequence, expected.CaptureRobotNs, expected.DeadlineEdgeNs, expected.Encoding),
                (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, view.Encoding));
            Assert.True(wire.AsSpan(view.TensorOffset, view.TensorLength).SequenceEqual(expected.Tensor));
        }
    }

    [Fact]
    public void LeavesOtherKindsToTheDeserializer()
    {
        Assert.False(WireCodec.TryReadInfer(WireCodec.Encode(new ClockPing { RobotSendNs = 5 }), WireCodec.DefaultMaxMessageBytes, out _, out WireError error));
        Assert.Equal(WireError.None, error);
        Assert.False(WireCodec.TryReadInfer(WireCodec.Encode(new Hello { RobotId = "a" }), WireCodec.DefaultMaxMessageBytes, out _, out error));
        Assert.Equal(WireError.None, error);
    }

    /// <summary>
    /// The in-place reader against MessagePack's own deserializer of the contract, on 20,000 mangled
    /// requests: 1-3 bytes of the payload overwritten, and in a quarter of them the payload cut short
    /// (the header's length kept consistent, so the payload itself is judged). Seeded, so a failure
    /// reproduces; the seed is arbitrary.
    /// </summary>
    [Fact]
    public void MangledRequestsNeverThrowAndAreDecidedExactlyAsMessagePackDecidesThem()
    {
        var random = new Random(20261203);
        byte[] original = WireCodec.Encode(Request(random, 64));
        int accepted = 0, refused = 0, otherKinds = 0;
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
                BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(4), (uint)(wire.Length - WireCodec.HeaderBytes));
            }

            bool read = WireCodec.TryReadInfer(wire, WireCodec.DefaultMaxMessageBytes, out InferRequestView view, out WireError error);
            InferRequest? expected = Reference(wire, out bool referenceAccepts);
            string at = $"trial {trial}: {Convert.ToHexString(wire, WireCodec.HeaderBytes, wire.Length - WireCodec.HeaderBytes)}";
            Assert.True(read == (expected is not null), $"{at}: in place {read} ({error}), MessagePack {(expected is null ? "no request" : "a request")}");
            if (!read)
            {
                // Refused in place means MessagePack refuses it too; "another kind" means MessagePack reads no request either.
                Assert.True(error == WireError.None || !referenceAccepts, $"{at}: refused in place as {error}, MessagePack accepts it");
                _ = error == WireError.None ? otherKinds++ : refused++;
                continue;
            }

            accepted++;
            Assert.Equal(WireError.None, error);
            Assert.Equal((expected!.Sequence, expected.CaptureRobotNs, expected.DeadlineEdgeNs, expected.Encoding),
                (view.Sequence, view.CaptureRobotNs, view.DeadlineEdgeNs, view.Encoding));
            Assert.True(wire.AsSpan(view.TensorOffset, view.TensorLength).SequenceEqual(expected.Tensor ?? []), at);
            Assert.Equal(expected.RobotId ?? "", System.Text.Encoding.UTF8.GetString(wire, view.RobotIdOffset, view.RobotIdLength));

            // And the codec's own full path agrees.
            Assert.Equal(WireError.None, WireCodec.TryDecode(wire, WireCodec.DefaultMaxMessageBytes, out RobotToEdge? decoded));
            Assert.IsType<InferRequest>(decoded);
        }

        Assert.InRange(accepted, 1000, 20_000); // flips inside the tensor still read
        Assert.InRange(refused, 1000, 20_000);
        Assert.True(accepted + refused + otherKinds == 20_000);
    }

    /// <summary>
    /// What <see cref="MessagePackSerializer.Deserialize{T}(ReadOnlyMemory{byte}, MessagePackSerializerOptions, out int, CancellationToken)"/>
    /// makes of the payload behind a valid header: the request when it reads one that spans the
    /// whole payload, else null; <paramref name="accepts"/> whether it reads any message at all.
    /// </summary>
    private static InferRequest? Reference(byte[] wire, out bool accepts)
    {
        accepts = false;
        if (WireCodec.CheckHeader(wire, WireDirection.RobotToEdge, WireCodec.DefaultMaxMessageBytes, out _) != WireError.None)
        {
            return null;
        }

        try
        {
            RobotToEdge? message = MessagePackSerializer.Deserialize<RobotToEdge>(wire.AsMemory(WireCodec.HeaderBytes), WireCodec.Options, out int bytesRead);
            accepts = message is not null && bytesRead == wire.Length - WireCodec.HeaderBytes;
            return accepts ? message as InferRequest : null;
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }
    }
}
