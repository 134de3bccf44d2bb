namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Outcome of one parse attempt over received bytes. Whatever the outcome, the caller drops the
/// number of bytes the parser reports as consumed from the front of its buffer before trying again.
/// </summary>
public enum FeetechParseResult
{
    /// <summary>No complete packet yet. The consumed bytes (if any) were noise before a possible header.</summary>
    NeedMoreData,

    /// <summary>A complete packet with a matching checksum.</summary>
    Packet,

    /// <summary>A framed packet whose checksum did not match. Only its first header byte is consumed, so the next header is found.</summary>
    ChecksumError,

    /// <summary>
    /// A header followed by an impossible length or id (a status packet from the broadcast id, e.g. the
    /// echo of our own Sync Write). A header with an impossible length loses only its first byte; a
    /// well-framed packet with a valid checksum is consumed whole.
    /// </summary>
    InvalidPacket,
}
