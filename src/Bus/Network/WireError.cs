namespace RobotEdge.Bus.Network;

/// <summary>Why a wire message was refused. Stable values: they appear in logs and counters.</summary>
public enum WireError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Shorter than the 8-byte header.</summary>
    TooShort = 1,

    /// <summary>The first two bytes are not the magic 'R','E'.</summary>
    BadMagic = 2,

    /// <summary>A protocol version this build does not speak.</summary>
    UnsupportedVersion = 3,

    /// <summary>The header names the other direction.</summary>
    WrongDirection = 4,

    /// <summary>Longer than the configured maximum message size.</summary>
    TooLarge = 5,

    /// <summary>The header's payload length disagrees with the bytes received (truncated or trailing bytes).</summary>
    LengthMismatch = 6,

    /// <summary>The payload is not one well-formed MessagePack value of the expected message layout.</summary>
    MalformedPayload = 7,

    /// <summary>A well-formed message with no body: nil, or a body kind this build does not know.</summary>
    EmptyBody = 8,

    /// <summary>The payload nests arrays or maps deeper than <see cref="WireCodec.MaxNestingDepth"/>.</summary>
    NestingTooDeep = 9,
}
