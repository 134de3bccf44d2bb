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
