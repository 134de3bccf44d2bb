namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Stateless parser of FEETECH status packets from received bytes, which may begin with noise, end
/// in the middle of a packet, or hold corrupted packets. The framing cannot tell a status packet from
/// an instruction packet (both carry one byte after the length), so callers match the id and
/// parameter count against the request; a packet from the broadcast id is rejected as invalid.
/// For a byte stream, prefer <see cref="FeetechStatusReader"/>. Allocation-free and real-time safe.
/// </summary>
public static class FeetechStatusParser
{
    /// <summary>Parses the first status packet in <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes, oldest first.</param>
    /// <param name="status">The packet, when the result is <see cref="FeetechParseResult.Packet"/>; its parameters are a view of <paramref name="buffer"/>.</param>
    /// <param name="consumed">Bytes to drop from the front of <paramref name="buffer"/> before the next call, whatever the result.</param>
    public static FeetechParseResult Parse(ReadOnlySpan<byte> buffer, out FeetechStatus status, out int consumed) =>
        Parse(buffer, FeetechProtocol.MaxPacketLength, out status, out consumed, out _);

    /// <summary>Parses the first status packet; true only for <see cref="FeetechParseResult.Packet"/>. Drop <paramref name="consumed"/> bytes either way.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FeetechStatus status, out int consumed) =>
        Parse(buffer, out status, out consumed) == FeetechParseResult.Packet;

    /// <summary>As the public overload, also reporting where the framed packet started (for noise accounting).</summary>
    internal static FeetechParseResult Parse(
        ReadOnlySpan<byte> buffer,
        int maxPacketLength,
        out FeetechStatus status,
        out int consumed,
        out int packetStart)
    {
        status = default;
        FeetechParseResult result = FeetechPacketScanner.Scan(
            buffer, maxPacketLength, out packetStart, out int packetLength, out consumed);
        if (result != FeetechParseResult.Packet)
        {
            return result;
        }

        ReadOnlySpan<byte> packet = buffer.Slice(packetStart, packetLength);
        byte id = packet[2];
        if (!FeetechProtocol.IsDeviceId(id))
        {
            return FeetechParseResult.InvalidPacket;
        }

        status = new FeetechStatus(id, (FeetechStatusError)packet[4], packet[5..^1]);
        return FeetechParseResult.Packet;
    }
}
