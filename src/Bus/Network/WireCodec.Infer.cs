using System.Buffers;
using MessagePack;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>
/// The hot messages — the inference request and its answer — written straight into a reused
/// <see cref="WireBuffer"/> with a <see cref="MessagePackWriter"/>, and the request read in place
/// with a <see cref="MessagePackReader"/>: 0 B allocated per message in steady state. The layouts are
/// exactly those of <see cref="InferRequest"/> and <see cref="InferResult"/> as
/// <see cref="MessagePackSerializer"/> writes and reads them (tests hold the two to each other).
/// </summary>
public static partial class WireCodec
{
    /// <summary>Fields of <see cref="InferRequest"/> this build writes.</summary>
    private const int InferRequestFields = 6;

    /// <summary>Fields of <see cref="InferResult"/> this build writes.</summary>
    private const int InferResultFields = 7;

    /// <summary>
    /// Writes one inference request (robot → edge, kind 2) with its header into
    /// <paramref name="destination"/> (reset first). Real-time safe: no allocation once the buffer
    /// has held one request (the tensor is copied once, into the buffer), no lock; the compute
    /// thread calls it once per offloaded frame.
    /// </summary>
    /// <param name="destination">The robot's reused send buffer.</param>
    /// <param name="robotIdUtf8">The robot id, UTF-8.</param>
    /// <param name="sequence">Frame sequence.</param>
    /// <param name="captureRobotNs">Capture time, robot clock, ns.</param>
    /// <param name="deadlineEdgeNs">When the answer must leave the server, server clock, ns.</param>
    /// <param name="encoding">How <paramref name="tensor"/> is encoded.</param>
    /// <param name="tensor">The tensor bytes.</param>
    public static void WriteInferRequest(WireBuffer destination, ReadOnlySpan<byte> robotIdUtf8, long sequence, long captureRobotNs,
        long deadlineEdgeNs, TensorEncoding encoding, ReadOnlySpan<byte> tensor)
    {
        BeginMessage(destination);
        var writer = new MessagePackWriter(destination);
        writer.WriteArrayHeader(2);
        writer.Write(RobotToEdgeKind.Infer);
        writer.WriteArrayHeader(InferRequestFields);
        writer.WriteString(robotIdUtf8);
        writer.Write(sequence);
        writer.Write(captureRobotNs);
        writer.Write(deadlineEdgeNs);
        writer.Write((int)encoding);
        writer.Write(tensor);
        writer.Flush();
        EndMessage(destination, WireDirection.RobotToEdge);
    }

    /// <summary>
    /// Writes one inference answer (edge → robot, kind 2) with its header into
    /// <paramref name="destination"/> (reset first). Real-time safe: no allocation once the buffer
    /// has held one answer, no lock; the server's inference thread calls it once per request.
    /// </summary>
    /// <param name="destination">The caller's reused buffer.</param>
    /// <param name="sequence">The request's frame sequence.</param>
    /// <param name="keypoints">x, y, confidence per keypoint in frame pixels; empty when rejected.</param>
    /// <param name="rejection">Why there is no pose, or <see cref="RejectReason.Unspecified"/>.</param>
    /// <param name="detail">A reason for a rejection; null or empty otherwise (encoding it allocates nothing).</param>
    /// <param name="batchSize">The batch the request ran in; 0 when rejected.</param>
    /// <param name="queuedNs">Time the request waited on the server, ns.</param>
    /// <param name="executionNs">Time the batch's model run took, ns.</param>
    public static void WriteInferResult(WireBuffer destination, long sequence, ReadOnlySpan<float> keypoints, RejectReason rejection, string? detail,
        uint batchSize, long queuedNs, long executionNs)
    {
        BeginMessage(destination);
        var writer = new MessagePackWriter(destination);
        writer.WriteArrayHeader(2);
        writer.Write(EdgeToRobotKind.Result);
        writer.WriteArrayHeader(InferResultFields);
        writer.Write(sequence);
        writer.WriteArrayHeader(keypoints.Length);
        foreach (float value in keypoints)
        {
            writer.Write(value);
        }

        writer.Write((int)rejection);
        writer.Write(detail);
        writer.Write(batchSize);
        writer.Write(queuedNs);
        writer.Write(executionNs);
        writer.Flush();
        EndMessage(destination, WireDirection.EdgeToRobot);
    }

    /// <summary>
    /// Reads a robot → edge message that is an inference request in place, allocating nothing.
    /// True with the request's fields in <paramref name="view"/> (offsets into <paramref name="wire"/>)
    /// exactly when <see cref="TryDecode(ReadOnlyMemory{byte}, int, out RobotToEdge?)"/> would give an
    /// <see cref="InferRequest"/> with the same values. False with <paramref name="error"/>
    /// <see cref="WireError.None"/>: a well-framed message of another kind, for
    /// <see cref="TryDecode(ReadOnlyMemory{byte}, int, out RobotToEdge?)"/>; false with another error:
    /// refused. Never throws. Real-time safe on valid requests: no allocation, no lock, O(fields);
    /// called by the server's connection threads for every message.
    /// </summary>
    public static bool TryReadInfer(ReadOnlyMemory<byte> wire, int maxMessageBytes, out InferRequestView view, out WireError error)
    {
        view = default;
        error = CheckMessage(wire.Span, WireDirection.RobotToEdge, maxMessageBytes);
        if (error != WireError.None)
        {
            return false;
        }

        try
        {
            error = ReadInfer(wire, out view, out bool isInfer);
            return isInfer && error == WireError.None;
        }
        catch (Exception e) when (e is MessagePackSerializationException or OverflowException or EndOfStreamException)
        {
            // A value of the right type whose MessagePack encoding MessagePack's own reader refuses
            // (an integer out of range, a str8 where bytes belong): refused as the full decoder refuses it.
            view = default;
            error = WireError.MalformedPayload;
            return false;
        }
    }

    /// <summary>
    /// Reads <c>[kind, body]</c> with the calls, in the order, that MessagePack's own formatters for
    /// <see cref="RobotToEdge"/> and <see cref="InferRequest"/> make, so both accept and refuse the
    /// same payloads. The payload's shape was checked: no read runs past its end.
    /// </summary>
    private static WireError ReadInfer(ReadOnlyMemory<byte> wire, out InferRequestView view, out bool isInfer)
    {
        view = default;
        isInfer = false;
        var reader = new MessagePackReader(wire[HeaderBytes..]);
        if (reader.TryReadNil())
        {
            return WireError.EmptyBody;
        }

        if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 2 || reader.NextMessagePackType != MessagePackType.Integer)
        {
            return WireError.MalformedPayload;
        }

        if (reader.ReadInt32() != RobotToEdgeKind.Infer)
        {
            return WireError.None;
        }

        isInfer = true;
        if (reader.TryReadNil())
        {
            return WireError.EmptyBody;
        }

        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            return WireError.MalformedPayload;
        }

        int fields = reader.ReadArrayHeader();
        int idOffset = 0, idLength = 0, tensorOffset = 0, tensorLength = 0, encoding = 0;
        long sequence = 0, capture = 0, deadline = 0;
        for (int i = 0; i < fields; i++)
        {
            switch (i)
            {
                case 0:
                    if (reader.TryReadNil())
                    {
                        (idOffset, idLength) = (0, 0);
                        break;
                    }

                    if (reader.NextMessagePackType != MessagePackType.String)
                    {
                        return WireError.MalformedPayload;
                    }

                    idLength = (int)reader.ReadStringSequence()!.Value.Length;
                    idOffset = HeaderBytes + (int)reader.Consumed - idLength;
                    break;
                case 1:
                    if (!TryReadInt64(ref reader, out sequence))
                    {
                        return WireError.MalformedPayload;
                    }

                    break;
                case 2:
                    if (!TryReadInt64(ref reader, out capture))
                    {
                        return WireError.MalformedPayload;
                    }

                    break;
                case 3:
                    if (!TryReadInt64(ref reader, out deadline))
                    {
                        return WireError.MalformedPayload;
                    }

                    break;
                case 4:
                    if (reader.NextMessagePackType != MessagePackType.Integer)
                    {
                        return WireError.MalformedPayload;
                    }

                    encoding = reader.ReadInt32();
                    break;
                case 5:
                    if (reader.NextMessagePackType is not (MessagePackType.Binary or MessagePackType.Nil or MessagePackType.String))
                    {
                        return WireError.MalformedPayload;
                    }

                    if (reader.ReadBytes() is ReadOnlySequence<byte> tensor)
                    {
                        tensorLength = (int)tensor.Length;
                        tensorOffset = HeaderBytes + (int)reader.Consumed - tensorLength;
                    }
                    else
                    {
                        (tensorOffset, tensorLength) = (0, 0);
                    }

                    break;
                default:
                    // A field a newer robot added: skipped, as MessagePack's formatter skips it.
                    reader.Skip();
                    break;
            }
        }

        view = new InferRequestView(idOffset, idLength, sequence, capture, deadline, (TensorEncoding)encoding, tensorOffset, tensorLength);
        return WireError.None;
    }

    /// <summary>An integer of any MessagePack width that fits a long; false (nothing read) when the next value is not an integer.</summary>
    private static bool TryReadInt64(ref MessagePackReader reader, out long value)
    {
        value = 0;
        if (reader.NextMessagePackType != MessagePackType.Integer)
        {
            return false;
        }

        value = reader.ReadInt64();
        return true;
    }
}
