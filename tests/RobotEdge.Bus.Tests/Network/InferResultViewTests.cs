using System.Buffers.Binary;
using MessagePack;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Tests.Network;

public class InferResultViewTests
{
    [Fact]
    public void ReadsWhatTheServerWritesAndLeavesOtherKindsToTheDeserializer()
    {
        var buffer = new WireBuffer();
        float[] keypoints = Enumerable.Range(0, 51).Select(i => i * 1.5f).ToArray();
        WireCodec.WriteInferResult(buffer, 9, keypoints, RejectReason.Unspecified, null, 4, 1_000, 2_000);
        var values = new float[51];
        Assert.True(WireCodec.TryReadInferResult(buffer.WrittenMemory, 1 << 20, values, out InferResultView view, out WireError error), error.ToString());
        Assert.Equal(new InferResultView(9, 51, RejectReason.Unspecified, 4, 1_000, 2_000), view);
        Assert.Equal(keypoints, values);

        // More values than the span holds: the first ones are kept, the count is the answer's.
        var few = new float[6];
        Assert.True(WireCodec.TryReadInferResult(buffer.WrittenMemory, 1 << 20, few, out view, out _));
        Assert.Equal(51, view.KeypointValues);
        Assert.Equal(keypoints[..6], few);

        Assert.False(WireCodec.TryReadInferResult(WireCodec.Encode(new ClockPong { RobotSendNs = 3 }), 1 << 20, values, out _, out error));
        Assert.Equal(WireError.None, error);
    }

    /// <summary>
    /// The robot's in-place reader against MessagePack's deserializer of the contract, on 20,000
    /// mangled answers (as <see cref="InferRequestViewTests"/> does for requests). Seeded so a
    /// failure reproduces; the seed is arbitrary.
    /// </summary>
    [Fact]
    public void MangledAnswersNeverThrowAndAreDecidedExactlyAsMessagePackDecidesThem()
    {
        var random = new Random(1203);
        var buffer = new WireBuffer();
        WireCodec.WriteInferResult(buffer, 77, Enumerable.Range(0, 12).Select(i => (float)random.NextDouble() * 640).ToArray(), RejectReason.Unspecified, "",
            3, 1_234_567, 7_654_321);
        byte[] original = buffer.ToArray();
        var values = new float[64];
        int accepted = 0, refused = 0;
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

            bool read = WireCodec.TryReadInferResult(wire, WireCodec.DefaultMaxMessageBytes, values, out InferResultView view, out WireError error);
            InferResult? expected = Reference(wire, out bool referenceAccepts);
            string at = $"trial {trial}: {Convert.ToHexString(wire, WireCodec.HeaderBytes, wire.Length - WireCodec.HeaderBytes)}";
            Assert.True(read == (expected is not null), $"{at}: in place {read} ({error}), MessagePack {(expected is null ? "no answer" : "an answer")}");
            if (!read)
            {
                Assert.True(error == WireError.None || !referenceAccepts, $"{at}: refused in place as {error}, MessagePack accepts it");
                refused += error == WireError.None ? 0 : 1;
                continue;
            }

            accepted++;
            float[] expectedValues = expected!.Keypoints ?? [];
            Assert.Equal((expected.Sequence, expectedValues.Length, expected.Rejection, expected.BatchSize, expected.QueuedNs, expected.ExecutionNs),
                (view.Sequence, view.KeypointValues, view.Rejection, view.BatchSize, view.QueuedNs, view.ExecutionNs));
            Assert.Equal(expectedValues.Take(values.Length), values.Take(Math.Min(view.KeypointValues, values.Length)));
        }

        Assert.InRange(accepted, 1000, 20_000);
        Assert.InRange(refused, 1000, 20_000);
    }

    private static InferResult? Reference(byte[] wire, out bool accepts)
    {
        accepts = false;
        if (WireCodec.CheckHeader(wire, WireDirection.EdgeToRobot, WireCodec.DefaultMaxMessageBytes, out _) != WireError.None)
        {
            return null;
        }

        try
        {
            EdgeToRobot? message = MessagePackSerializer.Deserialize<EdgeToRobot>(wire.AsMemory(WireCodec.HeaderBytes), WireCodec.Options, out int bytesRead);
            accepts = message is not null && bytesRead == wire.Length - WireCodec.HeaderBytes;
            return accepts ? message as InferResult : null;
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }
    }
}
