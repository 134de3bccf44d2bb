namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Stateless parser of Protocol 2.0 status packets from received bytes, which may begin with noise,
/// end in the middle of a packet, or hold corrupted packets. For a byte stream, prefer
/// <see cref="DynamixelStatusReader"/>, which keeps the buffer and the error counters.
/// Allocation-free and real-time safe.
/// </summary>
public static class DynamixelStatusParser
{
    /// <summary>Parses the first status packet in <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes, oldest first.</param>
    /// <param name="parameterBuffer">Receives the unstuffed parameters; <see cref="DynamixelStatus.Parameters"/> points into it.</param>
    /// <param name="status">The packet, when the result is <see cref="DynamixelParseResult.Packet"/>; default otherwise.</param>
    /// <param name="consumed">Bytes to drop from the front of <paramref name="buffer"/> before the next call, whatever the result.</param>
    public static DynamixelParseResult Parse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        out DynamixelStatus status,
        out int consumed) =>
        Parse(buffer, parameterBuffer, DynamixelProtocol.MaxPacketLength, out status, out consumed, out _);

    /// <summary>
    /// Parses the first status packet; true only for <see cref="DynamixelParseResult.Packet"/>.
    /// Drop <paramref name="consumed"/> bytes either way.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        out DynamixelStatus status,
        out int consumed) =>
        Parse(buffer, parameterBuffer, out status, out consumed) == DynamixelParseResult.Packet;

    /// <summary>As the public overload, also reporting where the framed packet started (for noise accounting).</summary>
    internal static DynamixelParseResult Parse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        int maxPacketLength,
        out DynamixelStatus status,
        out int consumed,
        out int packetStart)
    {
        status = default;
        DynamixelParseResult result = DynamixelPacketScanner.Scan(
            buffer, maxPacketLength, out packetStart, out int packetLength, out consumed);
        if (result != DynamixelParseResult.Packet)
        {
            return result;
        }

        ReadOnlySpan<byte> packet = buffer.Slice(packetStart, packetLength);
        ReadOnlySpan<byte> body = packet[DynamixelProtocol.PrefixLength..^DynamixelProtocol.CrcLength];
        if (body[0] != (byte)DynamixelInstruction.Status)
        {
            return DynamixelParseResult.OtherPacketKind;
        }

        byte id = packet[4];
        if (body.Length < 2 || !DynamixelProtocol.IsDeviceId(id))
        {
            return DynamixelParseResult.InvalidPacket;
        }

        // The error byte is never part of a stuffing pattern that starts before it (the
        // instruction 0x55 precedes it), so it can be read directly.
        if (!DynamixelByteStuffing.TryUnstuff(body, 2, parameterBuffer, out int parameterLength))
        {
            return DynamixelParseResult.ParameterBufferTooSmall;
        }

        status = new DynamixelStatus(id, new DynamixelStatusError(body[1]), parameterBuffer[..parameterLength]);
        return DynamixelParseResult.Packet;
    }
}
