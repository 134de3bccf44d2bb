namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>
/// The kinds of malformed message <see cref="EdgeWireFuzzer"/> makes. Every one is wrong by
/// construction, so an answer carrying a pose to any of them is a server defect.
/// </summary>
public enum FuzzClass
{
    /// <summary>The header's magic bytes changed.</summary>
    BadMagic,

    /// <summary>A header version other than 2.</summary>
    BadVersion,

    /// <summary>The edge → robot direction, or one that does not exist.</summary>
    BadDirection,

    /// <summary>The header's length disagrees with the message.</summary>
    LengthMismatch,

    /// <summary>The message cut short.</summary>
    Truncated,

    /// <summary>Bytes after the payload's one value (header length adjusted).</summary>
    TrailingBytes,

    /// <summary>A valid header over random bytes.</summary>
    RandomPayload,

    /// <summary>A few bits of a request (with a tensor of the wrong length) or report flipped.</summary>
    BitFlips,

    /// <summary>A known kind whose body holds values of the wrong MessagePack types.</summary>
    TypeConfusion,

    /// <summary>Arrays nested deeper than the wire allows.</summary>
    DeepNesting,

    /// <summary>Array, map, string or binary headers claiming billions of elements.</summary>
    HugeLengths,

    /// <summary>A well-formed request naming another robot.</summary>
    ForeignRobot,

    /// <summary>A well-formed request with an encoding that does not exist.</summary>
    BadEncoding,

    /// <summary>A well-formed request whose tensor has the wrong length.</summary>
    WrongTensorLength,

    /// <summary>A well-formed float32 request whose tensor holds NaN and infinities.</summary>
    NonFiniteTensor,

    /// <summary>A well-formed request whose deadline had passed.</summary>
    PastDeadline,

    /// <summary>A well-formed request whose deadline lies years ahead.</summary>
    FarDeadline,

    /// <summary>A health report with a non-finite, negative, huge or unprintable field.</summary>
    BadHealth,

    /// <summary>A status with a non-finite or far-away position.</summary>
    BadStatus,

    /// <summary>A kind this protocol does not have.</summary>
    UnknownKind,

    /// <summary>A WebSocket text message.</summary>
    TextMessage,

    /// <summary>An empty binary message.</summary>
    Empty,

    /// <summary>A message over the server's 1 MiB limit.</summary>
    Oversized,

    /// <summary>A hello the server must refuse (another model, a frame size or rate out of range); it closes the connection.</summary>
    BadHello,
}
