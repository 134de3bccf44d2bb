using System.Buffers.Binary;
using Google.Protobuf;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>
/// The one encode/decode entry point of the robot ↔ edge protocol. A wire message is an 8-byte
/// header followed by one protobuf message:
/// <code>
/// offset 0  'R' 'E'            magic
/// offset 2  version (1)
/// offset 3  direction          1 = robot → edge, 2 = edge → robot
/// offset 4  payload length     uint32, little-endian
/// offset 8  payload            RobotToEdge or EdgeToRobot
/// </code>
/// The transport (a WebSocket message) already delimits messages; the header's length is checked
/// against it anyway, so a truncated message or trailing bytes are refused rather than guessed at.
/// Decoding never throws on bad input: it returns a <see cref="WireError"/>. Thread-safe (stateless).
/// </summary>
public static class WireCodec
{
    /// <summary>Header length, bytes.</summary>
    public const int HeaderBytes = 8;

    /// <summary>The protocol version this build speaks.</summary>
    public const byte Version = 1;

    /// <summary>
    /// Default upper bound of one message, bytes: a float32 256×256×3 tensor (786,432 B) with room
    /// for the rest of the request. Anything larger is refused before it is parsed.
    /// </summary>
    public const int DefaultMaxMessageBytes = 1 << 20;

    private const byte Magic0 = (byte)'R';
    private const byte Magic1 = (byte)'E';

    /// <summary>Bytes <paramref name="message"/> takes on the wire, header included.</summary>
    public static int EncodedLength(IMessage message) => HeaderBytes + message.CalculateSize();

    /// <summary>
    /// Writes <paramref name="message"/> with its header into <paramref name="destination"/> and
    /// returns the bytes written. The destination must hold <see cref="EncodedLength"/> bytes.
    /// </summary>
    public static int Encode(IMessage message, WireDirection direction, Span<byte> destination)
    {
        int payload = message.CalculateSize();
        if (destination.Length < HeaderBytes + payload)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes, the message needs {HeaderBytes + payload}", nameof(destination));
        }

        destination[0] = Magic0;
        destination[1] = Magic1;
        destination[2] = Version;
        destination[3] = (byte)direction;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)payload);
        message.WriteTo(destination.Slice(HeaderBytes, payload));
        return HeaderBytes + payload;
    }

    /// <summary>Encodes into a new array (setup paths and tests; the hot paths use the span overload).</summary>
    public static byte[] Encode(IMessage message, WireDirection direction)
    {
        var buffer = new byte[EncodedLength(message)];
        Encode(message, direction, buffer);
        return buffer;
    }

    /// <summary>Checks the header of <paramref name="wire"/>; on success <paramref name="payload"/> is the protobuf bytes.</summary>
    public static WireError CheckHeader(ReadOnlySpan<byte> wire, WireDirection expected, int maxMessageBytes, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (wire.Length > maxMessageBytes)
        {
            return WireError.TooLarge;
        }

        if (wire.Length < HeaderBytes)
        {
            return WireError.TooShort;
        }

        if (wire[0] != Magic0 || wire[1] != Magic1)
        {
            return WireError.BadMagic;
        }

        if (wire[2] != Version)
        {
            return WireError.UnsupportedVersion;
        }

        if (wire[3] != (byte)expected)
        {
            return WireError.WrongDirection;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(wire[4..]);
        if (length != (uint)(wire.Length - HeaderBytes))
        {
            return WireError.LengthMismatch;
        }

        payload = wire[HeaderBytes..];
        return WireError.None;
    }

    /// <summary>Decodes a robot → edge message. Never throws on malformed input.</summary>
    public static WireError TryDecode(ReadOnlySpan<byte> wire, int maxMessageBytes, out RobotToEdge? message)
    {
        message = null;
        WireError error = CheckHeader(wire, WireDirection.RobotToEdge, maxMessageBytes, out ReadOnlySpan<byte> payload);
        if (error != WireError.None)
        {
            return error;
        }

        if (!TryParse(RobotToEdge.Parser, payload, out RobotToEdge? parsed))
        {
            return WireError.MalformedPayload;
        }

        if (parsed!.BodyCase == RobotToEdge.BodyOneofCase.None)
        {
            return WireError.EmptyBody;
        }

        message = parsed;
        return WireError.None;
    }

    /// <summary>
    /// Reads a robot → edge message that is an inference request in place, allocating nothing: true
    /// with the request's fields in <paramref name="view"/> when the payload is exactly one
    /// <c>infer</c> body whose fields all have their declared wire types (what every RobotEdge
    /// client sends). False for anything else — another body, unknown or repeated fields, a
    /// malformed or truncated payload — and the caller then uses <see cref="TryDecode(ReadOnlySpan{byte}, int, out RobotToEdge?)"/>,
    /// which applies protobuf's full rules and reports errors. Never throws.
    /// </summary>
    public static bool TryReadInfer(ReadOnlySpan<byte> wire, int maxMessageBytes, out InferRequestView view)
    {
        view = default;
        if (CheckHeader(wire, WireDirection.RobotToEdge, maxMessageBytes, out ReadOnlySpan<byte> payload) != WireError.None)
        {
            return false;
        }

        // RobotToEdge: field 2 (infer), length-delimited, and nothing after it.
        int position = 0;
        if (!TryReadVarint(payload, ref position, out ulong tag) || tag != (2 << 3 | 2)
            || !TryReadVarint(payload, ref position, out ulong bodyLength) || bodyLength != (ulong)(payload.Length - position))
        {
            return false;
        }

        int idOffset = 0, idLength = 0, tensorOffset = 0, tensorLength = 0;
        long sequence = 0, capture = 0, deadline = 0;
        ulong encoding = 0;
        ulong seen = 0; // a field seen twice goes to the full parser, which knows protobuf's merge rules
        while (position < payload.Length)
        {
            if (!TryReadVarint(payload, ref position, out tag) || tag > 0xFF)
            {
                return false;
            }

            int field = (int)(tag >> 3), wireType = (int)(tag & 7);
            if (field is < 1 or > 6 || (seen & (1UL << field)) != 0)
            {
                return false;
            }

            seen |= 1UL << field;
            bool lengthDelimited = field is 1 or 6;
            if (wireType != (lengthDelimited ? 2 : 0) || !TryReadVarint(payload, ref position, out ulong value))
            {
                return false;
            }

            switch (field)
            {
                case 1 or 6:
                    if (value > (ulong)(payload.Length - position))
                    {
                        return false;
                    }

                    if (field == 1)
                    {
                        (idOffset, idLength) = (HeaderBytes + position, (int)value);
                    }
                    else
                    {
                        (tensorOffset, tensorLength) = (HeaderBytes + position, (int)value);
                    }

                    position += (int)value;
                    break;
                case 2:
                    sequence = (long)value;
                    break;
                case 3:
                    capture = (long)value;
                    break;
                case 4:
                    deadline = (long)value;
                    break;
                default:
                    encoding = value;
                    break;
            }
        }

        if (encoding > int.MaxValue)
        {
            return false;
        }

        view = new InferRequestView(idOffset, idLength, sequence, capture, deadline, (TensorEncoding)(int)encoding, tensorOffset, tensorLength);
        return true;
    }

    /// <summary>Reads a base-128 varint of at most 10 bytes; false when truncated or too long.</summary>
    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref int position, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= bytes.Length)
            {
                return false;
            }

            byte b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Decodes an edge → robot message. Never throws on malformed input.</summary>
    public static WireError TryDecode(ReadOnlySpan<byte> wire, int maxMessageBytes, out EdgeToRobot? message)
    {
        message = null;
        WireError error = CheckHeader(wire, WireDirection.EdgeToRobot, maxMessageBytes, out ReadOnlySpan<byte> payload);
        if (error != WireError.None)
        {
            return error;
        }

        if (!TryParse(EdgeToRobot.Parser, payload, out EdgeToRobot? parsed))
        {
            return WireError.MalformedPayload;
        }

        if (parsed!.BodyCase == EdgeToRobot.BodyOneofCase.None)
        {
            return WireError.EmptyBody;
        }

        message = parsed;
        return WireError.None;
    }

    private static bool TryParse<T>(MessageParser<T> parser, ReadOnlySpan<byte> payload, out T? message)
        where T : IMessage<T>
    {
        try
        {
            message = parser.ParseFrom(payload);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            message = default;
            return false;
        }
    }
}
