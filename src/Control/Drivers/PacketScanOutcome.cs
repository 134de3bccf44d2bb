namespace RobotEdge.Control.Drivers;

/// <summary>
/// Protocol-neutral outcome of one parse attempt, as <see cref="SerialPacketReader"/> accounts for it.
/// Each protocol's framing maps its own public parse result onto these values; the bytes consumed are
/// reported beside the outcome and dropped from the receive buffer whatever it is.
/// </summary>
internal enum PacketScanOutcome
{
    /// <summary>No complete packet yet; the consumed bytes (if any) were noise before a possible header.</summary>
    NeedMoreData,

    /// <summary>A complete packet of the wanted kind; the bytes before its header were noise.</summary>
    Packet,

    /// <summary>A valid packet of the other kind (e.g. an echo); it is consumed, the bytes before it were noise.</summary>
    OtherPacketKind,

    /// <summary>A framed packet whose CRC or checksum did not match; the consumed bytes are discarded.</summary>
    ChecksumError,

    /// <summary>An impossible header, or a packet this reader cannot accept; the consumed bytes are discarded.</summary>
    InvalidPacket,
}
