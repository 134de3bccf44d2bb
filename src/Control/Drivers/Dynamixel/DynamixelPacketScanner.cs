using System.Buffers.Binary;

namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Finds and checks the framing of one Protocol 2.0 packet in received bytes: header search,
/// id and length checks, CRC. Both packet kinds (instruction, status) go through it; the public
/// parsers interpret the body. Allocation-free and real-time safe.
/// </summary>
internal static class DynamixelPacketScanner
{
    /// <summary>
    /// Scans <paramref name="buffer"/> for the first packet.
    /// On <see cref="DynamixelParseResult.Packet"/>, the packet is
    /// <c>buffer.Slice(packetStart, packetLength)</c> and <paramref name="consumed"/> ends right after it.
    /// </summary>
    /// <param name="maxPacketLength">Longest packet accepted; longer length fields count as invalid, so a
    /// reader whose buffer cannot hold such a packet resynchronises instead of waiting forever.</param>
    internal static DynamixelParseResult Scan(
        ReadOnlySpan<byte> buffer,
        int maxPacketLength,
        out int packetStart,
        out int packetLength,
        out int consumed)
    {
        packetLength = 0;
        int start = buffer.IndexOf(DynamixelProtocol.Header);
        packetStart = start;
        if (start < 0)
        {
            packetStart = 0;
            consumed = buffer.Length - TrailingHeaderPrefixLength(buffer);
            return DynamixelParseResult.NeedMoreData;
        }

        ReadOnlySpan<byte> rest = buffer[start..];
        if (rest.Length < DynamixelProtocol.PrefixLength)
        {
            consumed = start;
            return DynamixelParseResult.NeedMoreData;
        }

        byte id = rest[4];
        int lengthField = BinaryPrimitives.ReadUInt16LittleEndian(rest[5..]);
        int total = DynamixelProtocol.PrefixLength + lengthField;
        if (id == 0xFD || id == 0xFF || lengthField < 3 || total > maxPacketLength)
        {
            consumed = start + 1;
            return DynamixelParseResult.InvalidPacket;
        }

        if (rest.Length < total)
        {
            // Stuffing keeps the header out of a body, so a header inside the body region already
            // received proves this length field wrong: resynchronise there instead of waiting.
            int bodyEnd = Math.Min(rest.Length, total - DynamixelProtocol.CrcLength);
            ReadOnlySpan<byte> body = rest[DynamixelProtocol.PrefixLength..bodyEnd];
            int inner = body.IndexOf(DynamixelProtocol.Header);
            if (inner >= 0)
            {
                consumed = start + DynamixelProtocol.PrefixLength + inner;
                return DynamixelParseResult.InvalidPacket;
            }

            consumed = start;
            return DynamixelParseResult.NeedMoreData;
        }

        int crcAt = total - DynamixelProtocol.CrcLength;
        ushort expected = BinaryPrimitives.ReadUInt16LittleEndian(rest[crcAt..]);
        if (DynamixelCrc.Compute(rest[..crcAt]) != expected)
        {
            consumed = start + 1;
            return DynamixelParseResult.CrcError;
        }

        packetLength = total;
        consumed = start + total;
        return DynamixelParseResult.Packet;
    }

    /// <summary>Maps a parse result onto the outcome <see cref="SerialPacketReader"/> accounts for; a parameter buffer too small counts as invalid.</summary>
    internal static PacketScanOutcome ToOutcome(DynamixelParseResult result) => result switch
    {
        DynamixelParseResult.Packet => PacketScanOutcome.Packet,
        DynamixelParseResult.NeedMoreData => PacketScanOutcome.NeedMoreData,
        DynamixelParseResult.OtherPacketKind => PacketScanOutcome.OtherPacketKind,
        DynamixelParseResult.CrcError => PacketScanOutcome.ChecksumError,
        _ => PacketScanOutcome.InvalidPacket,
    };

    /// <summary>How many trailing bytes could be the start of a header split across reads (0–3).</summary>
    private static int TrailingHeaderPrefixLength(ReadOnlySpan<byte> buffer)
    {
        ReadOnlySpan<byte> header = DynamixelProtocol.Header;
        for (int keep = Math.Min(3, buffer.Length); keep > 0; keep--)
        {
            if (buffer[^keep..].SequenceEqual(header[..keep]))
            {
                return keep;
            }
        }

        return 0;
    }
}
