namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Outcome of one parse attempt over received bytes. Whatever the outcome, the caller drops the
/// number of bytes the parser reports as consumed from the front of its buffer before trying again.
/// </summary>
public enum DynamixelParseResult
{
    /// <summary>No complete packet yet. The consumed bytes (if any) were noise before a possible header.</summary>
    NeedMoreData,

    /// <summary>A complete packet of the requested kind with a matching CRC.</summary>
    Packet,

    /// <summary>A framed packet whose CRC did not match. Only its first header byte is consumed, so the next header is found.</summary>
    CrcError,

    /// <summary>
    /// A header followed by an impossible id or length, a status packet too short to hold its error
    /// byte, or a header pattern inside a packet body (where stuffing forbids it). Only the first
    /// header byte is consumed, except for a well-framed packet with a valid CRC, which is consumed whole.
    /// </summary>
    InvalidPacket,

    /// <summary>
    /// A valid packet of the other kind (an instruction when a status was wanted, or the reverse),
    /// e.g. the echo of our own transmission on a bus adapter that echoes. It is consumed.
    /// </summary>
    OtherPacketKind,

    /// <summary>A valid packet whose parameters do not fit the caller's parameter buffer. It is consumed.</summary>
    ParameterBufferTooSmall,
}
