namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Finds and checks the framing of one FEETECH packet in received bytes: header search, length and
/// checksum. Both packet kinds go through it. Allocation-free and real-time safe.
/// </summary>
internal static class FeetechPacketScanner
{
    /// <summary>
    /// Scans <paramref name="buffer"/> for the first packet. On <see cref="FeetechParseResult.Packet"/>
    /// the packet is <c>buffer.Slice(packetStart, packetLength)</c> and <paramref name="consumed"/> ends right after it.
    /// </summary>
    /// <param name="maxPacketLength">Longest packet accepted; longer length fields count as invalid.</param>
    internal static FeetechParseResult Scan(
        ReadOnlySpan<byte> buffer,
        int maxPacketLength,
        out int packetStart,
        out int packetLength,
        out int consumed)
    {
        packetLength = 0;
        packetStart = FindHeader(buffer, out bool complete);
        if (!complete)
        {
            consumed = packetStart;
            return FeetechParseResult.NeedMoreData;
        }

        ReadOnlySpan<byte> rest = buffer[packetStart..];
        if (rest.Length < FeetechProtocol.PrefixLength)
        {
            consumed = packetStart;
            return FeetechParseResult.NeedMoreData;
        }

        int total = FeetechProtocol.PrefixLength + rest[3];
        if (rest[3] < 2 || total > maxPacketLength)
        {
            consumed = packetStart + 1;
            return FeetechParseResult.InvalidPacket;
        }

        if (rest.Length < total)
        {
            consumed = packetStart;
            return FeetechParseResult.NeedMoreData;
        }

        if (FeetechChecksum.Compute(rest[2..(total - 1)]) != rest[total - 1])
        {
            consumed = packetStart + 1;
            return FeetechParseResult.ChecksumError;
        }

        packetLength = total;
        consumed = packetStart + total;
        return FeetechParseResult.Packet;
    }

    /// <summary>Maps a parse result onto the outcome <see cref="SerialPacketReader"/> accounts for.</summary>
    internal static PacketScanOutcome ToOutcome(FeetechParseResult result) => result switch
    {
        FeetechParseResult.Packet => PacketScanOutcome.Packet,
        FeetechParseResult.NeedMoreData => PacketScanOutcome.NeedMoreData,
        FeetechParseResult.ChecksumError => PacketScanOutcome.ChecksumError,
        _ => PacketScanOutcome.InvalidPacket,
    };

    /// <summary>
    /// Index of the first <c>FF FF</c> followed by a byte other than FF (ids never are FF), with
    /// <paramref name="complete"/> true. When none is complete yet, returns how many leading bytes can
    /// be dropped: all but a trailing FF or FF FF that may begin a header.
    /// </summary>
    private static int FindHeader(ReadOnlySpan<byte> buffer, out bool complete)
    {
        complete = false;
        int from = 0;
        while (true)
        {
            int found = buffer[from..].IndexOf(FeetechProtocol.HeaderByte);
            if (found < 0)
            {
                return buffer.Length;
            }

            int at = from + found;
            int remaining = buffer.Length - at;
            if (remaining == 1 || (remaining == 2 && buffer[at + 1] == FeetechProtocol.HeaderByte))
            {
                return at;
            }

            if (buffer[at + 1] == FeetechProtocol.HeaderByte && buffer[at + 2] != FeetechProtocol.HeaderByte)
            {
                complete = true;
                return at;
            }

            from = at + 1;
        }
    }
}
