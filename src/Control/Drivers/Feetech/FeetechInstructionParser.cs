namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Stateless parser of FEETECH instruction packets, for the servo side of a bus (the simulator's
/// virtual servos). Same framing, resynchronisation and checksum rules as
/// <see cref="FeetechStatusParser"/>; for a byte stream, prefer <see cref="FeetechInstructionReader"/>.
/// Allocation-free and real-time safe.
/// </summary>
public static class FeetechInstructionParser
{
    /// <summary>Parses the first instruction packet in <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes, oldest first.</param>
    /// <param name="packet">The packet, when the result is <see cref="FeetechParseResult.Packet"/>; its parameters are a view of <paramref name="buffer"/>.</param>
    /// <param name="consumed">Bytes to drop from the front of <paramref name="buffer"/> before the next call, whatever the result.</param>
    public static FeetechParseResult Parse(ReadOnlySpan<byte> buffer, out FeetechInstructionPacket packet, out int consumed) =>
        Parse(buffer, FeetechProtocol.MaxPacketLength, out packet, out consumed, out _);

    /// <summary>Parses the first instruction packet; true only for <see cref="FeetechParseResult.Packet"/>. Drop <paramref name="consumed"/> bytes either way.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out FeetechInstructionPacket packet, out int consumed) =>
        Parse(buffer, out packet, out consumed) == FeetechParseResult.Packet;

    /// <summary>As the public overload, also reporting where the framed packet started (for noise accounting).</summary>
    internal static FeetechParseResult Parse(
        ReadOnlySpan<byte> buffer,
        int maxPacketLength,
        out FeetechInstructionPacket packet,
        out int consumed,
        out int packetStart)
    {
        packet = default;
        FeetechParseResult result = FeetechPacketScanner.Scan(
            buffer, maxPacketLength, out packetStart, out int packetLength, out consumed);
        if (result != FeetechParseResult.Packet)
        {
            return result;
        }

        ReadOnlySpan<byte> frame = buffer.Slice(packetStart, packetLength);
        packet = new FeetechInstructionPacket(frame[2], (FeetechInstruction)frame[4], frame[5..^1]);
        return FeetechParseResult.Packet;
    }
}
