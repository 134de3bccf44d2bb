using System.Buffers.Binary;
using MessagePack;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Bus.Network;

/// <summary>
/// The one encode/decode entry point of the robot ↔ edge protocol. A wire message is an 8-byte
/// header followed by one MessagePack value, the array <c>[kind, body]</c>:
/// <code>
/// offset 0  'R' 'E'            magic
/// offset 2  version (2)        1 was the retired protobuf payload
/// offset 3  direction          1 = robot → edge, 2 = edge → robot
/// offset 4  payload length     uint32, little-endian
/// offset 8  payload            RobotToEdge or EdgeToRobot, MessagePack
/// </code>
/// The transport (a WebSocket message) already delimits messages; the header's length is checked
/// against it anyway, so a truncated message or trailing bytes are refused rather than guessed at.
/// Every payload is checked for shape (one complete value, nesting at most
/// <see cref="MaxNestingDepth"/>) before MessagePack reads it. Decoding never throws on bad input:
/// it returns a <see cref="WireError"/>. The full specification, for robots written in other
/// languages, is <c>src/Bus/Network/WIRE.md</c>. Thread-safe (stateless).
/// </summary>
public static partial class WireCodec
{
    /// <summary>Header length, bytes.</summary>
    public const int HeaderBytes = 8;

    /// <summary>The protocol version this build speaks (the header's third byte).</summary>
    public const byte Version = 2;

    /// <summary>
    /// Default upper bound of one message, bytes: a float32 256×256×3 tensor (786,432 B) with room
    /// for the rest of the request. Anything larger is refused before it is parsed.
    /// </summary>
    public const int DefaultMaxMessageBytes = 1 << 20;

    /// <summary>Deepest nesting of arrays and maps a payload may have (the messages use 3).</summary>
    public const int MaxNestingDepth = 16;

    private const byte Magic0 = (byte)'R';
    private const byte Magic1 = (byte)'E';

    /// <summary>
    /// The serializer options of the wire: the standard resolver (attributed contracts, integer
    /// keys), no compression, and MessagePack's hardening for untrusted data.
    /// </summary>
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>Writes <paramref name="message"/> with its header into <paramref name="destination"/> (reset first). Setup paths: allocates inside MessagePack.</summary>
    public static void Encode(RobotToEdge message, WireBuffer destination) => Encode(message, WireDirection.RobotToEdge, destination);

    /// <summary>Writes <paramref name="message"/> with its header into <paramref name="destination"/> (reset first).</summary>
    public static void Encode(EdgeToRobot message, WireBuffer destination) => Encode(message, WireDirection.EdgeToRobot, destination);

    /// <summary>Encodes into a new array (setup paths and tests).</summary>
    public static byte[] Encode(RobotToEdge message)
    {
        var buffer = new WireBuffer();
        Encode(message, buffer);
        return buffer.ToArray();
    }

    /// <summary>Encodes into a new array (setup paths and tests).</summary>
    public static byte[] Encode(EdgeToRobot message)
    {
        var buffer = new WireBuffer();
        Encode(message, buffer);
        return buffer.ToArray();
    }

    private static void Encode<T>(T message, WireDirection direction, WireBuffer destination)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        BeginMessage(destination);
        MessagePackSerializer.Serialize(destination, message, Options);
        EndMessage(destination, direction);
    }

    /// <summary>Resets <paramref name="destination"/> and reserves the header. No allocation.</summary>
    private static void BeginMessage(WireBuffer destination)
    {
        destination.Reset();
        destination.GetSpan(HeaderBytes);
        destination.Advance(HeaderBytes);
    }

    /// <summary>Fills in the header now that the payload's length is known. No allocation.</summary>
    private static void EndMessage(WireBuffer destination, WireDirection direction)
    {
        Span<byte> wire = destination.WrittenSpan;
        wire[0] = Magic0;
        wire[1] = Magic1;
        wire[2] = Version;
        wire[3] = (byte)direction;
        BinaryPrimitives.WriteUInt32LittleEndian(wire[4..], (uint)(wire.Length - HeaderBytes));
    }

    /// <summary>Checks the header of <paramref name="wire"/>; on success <paramref name="payload"/> is the MessagePack bytes.</summary>
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

    /// <summary>The header check, then the payload's shape (one value, bounded nesting). No allocation.</summary>
    private static WireError CheckMessage(ReadOnlySpan<byte> wire, WireDirection expected, int maxMessageBytes)
    {
        WireError error = CheckHeader(wire, expected, maxMessageBytes, out ReadOnlySpan<byte> payload);
        return error != WireError.None ? error : MessagePackScan.Check(payload, MaxNestingDepth);
    }

    /// <summary>Decodes a robot → edge message. Never throws on malformed input.</summary>
    public static WireError TryDecode(ReadOnlyMemory<byte> wire, int maxMessageBytes, out RobotToEdge? message) =>
        TryDecode(wire, WireDirection.RobotToEdge, maxMessageBytes, out message);

    /// <summary>Decodes an edge → robot message. Never throws on malformed input.</summary>
    public static WireError TryDecode(ReadOnlyMemory<byte> wire, int maxMessageBytes, out EdgeToRobot? message) =>
        TryDecode(wire, WireDirection.EdgeToRobot, maxMessageBytes, out message);

    private static WireError TryDecode<T>(ReadOnlyMemory<byte> wire, WireDirection expected, int maxMessageBytes, out T? message)
        where T : class
    {
        message = null;
        WireError error = CheckMessage(wire.Span, expected, maxMessageBytes);
        if (error != WireError.None)
        {
            return error;
        }

        try
        {
            // The shape check proved the payload is exactly one value, so nothing trails what this reads.
            message = MessagePackSerializer.Deserialize<T>(wire[HeaderBytes..], Options);
        }
        catch (MessagePackSerializationException)
        {
            return WireError.MalformedPayload;
        }

        return message is null ? WireError.EmptyBody : WireError.None;
    }
}
