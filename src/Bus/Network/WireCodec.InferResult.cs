using MessagePack;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>The robot's side of the hot answer: an <see cref="InferResult"/> read in place, so receiving it allocates nothing.</summary>
public static partial class WireCodec
{
    /// <summary>
    /// Reads an edge → robot message that is an inference answer in place, allocating nothing. True
    /// with the answer's fields in <paramref name="view"/> and its first keypoint values in
    /// <paramref name="keypoints"/> (as many as fit; <see cref="InferResultView.KeypointValues"/>
    /// says how many the answer carried) exactly when
    /// <see cref="TryDecode(ReadOnlyMemory{byte}, int, out EdgeToRobot?)"/> would give an
    /// <see cref="InferResult"/> with the same values. False with <paramref name="error"/>
    /// <see cref="WireError.None"/>: a well-framed message of another kind, for the deserializer;
    /// false with another error: refused. Never throws. No allocation, no lock; the robot's receive
    /// thread calls it for every message.
    /// </summary>
    public static bool TryReadInferResult(ReadOnlyMemory<byte> wire, int maxMessageBytes, Span<float> keypoints, out InferResultView view, out WireError error)
    {
        view = default;
        error = CheckMessage(wire.Span, WireDirection.EdgeToRobot, maxMessageBytes);
        if (error != WireError.None)
        {
            return false;
        }

        try
        {
            error = ReadInferResult(wire, keypoints, out view, out bool isResult);
            return isResult && error == WireError.None;
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or EndOfStreamException)
        {
            view = default;
            error = WireError.MalformedPayload;
            return false;
        }
    }

    /// <summary>Reads <c>[kind, body]</c> with the calls MessagePack's formatters for <see cref="EdgeToRobot"/> and <see cref="InferResult"/> make.</summary>
    private static WireError ReadInferResult(ReadOnlyMemory<byte> wire, Span<float> keypoints, out InferResultView view, out bool isResult)
    {
        view = default;
        isResult = false;
        var reader = new MessagePackReader(wire[HeaderBytes..]);
        if (reader.TryReadNil())
        {
            return WireError.EmptyBody;
        }

        if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 2 || reader.NextMessagePackType != MessagePackType.Integer)
        {
            return WireError.MalformedPayload;
        }

        if (reader.ReadInt32() != EdgeToRobotKind.Result)
        {
            return WireError.None;
        }

        isResult = true;
        if (reader.TryReadNil())
        {
            return WireError.EmptyBody;
        }

        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            return WireError.MalformedPayload;
        }

        int fields = reader.ReadArrayHeader();
        long sequence = 0, queued = 0, execution = 0;
        int values = 0, rejection = 0;
        uint batch = 0;
        for (int i = 0; i < fields; i++)
        {
            bool ok = true;
            switch (i)
            {
                case 0:
                    ok = TryReadInt64(ref reader, out sequence);
                    break;
                case 1:
                    ok = TryReadFloats(ref reader, keypoints, out values);
                    break;
                case 2:
                    ok = reader.NextMessagePackType == MessagePackType.Integer;
                    rejection = ok ? reader.ReadInt32() : 0;
                    break;
                case 3:
                    // The detail: read past (a robot acts on the code), but it must be a string or nil.
                    ok = reader.NextMessagePackType is MessagePackType.String or MessagePackType.Nil;
                    if (ok)
                    {
                        reader.Skip();
                    }

                    break;
                case 4:
                    ok = reader.NextMessagePackType == MessagePackType.Integer;
                    batch = ok ? reader.ReadUInt32() : 0;
                    break;
                case 5:
                    ok = TryReadInt64(ref reader, out queued);
                    break;
                case 6:
                    ok = TryReadInt64(ref reader, out execution);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            if (!ok)
            {
                return WireError.MalformedPayload;
            }
        }

        view = new InferResultView(sequence, values, (RejectReason)rejection, batch, queued, execution);
        return WireError.None;
    }

    /// <summary>A float32 array (nil: none), its first values into <paramref name="destination"/>; false when the next value is not one.</summary>
    private static bool TryReadFloats(ref MessagePackReader reader, Span<float> destination, out int count)
    {
        count = 0;
        if (reader.TryReadNil())
        {
            return true;
        }

        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            return false;
        }

        count = reader.ReadArrayHeader();
        for (int i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType is not (MessagePackType.Float or MessagePackType.Integer))
            {
                return false;
            }

            float value = reader.ReadSingle();
            if (i < destination.Length)
            {
                destination[i] = value;
            }
        }

        return true;
    }
}
