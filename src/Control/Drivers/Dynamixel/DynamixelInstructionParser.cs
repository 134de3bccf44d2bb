namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Stateless parser of Protocol 2.0 instruction packets, for the device side of a bus (the virtual
/// servos of the simulator). Same framing, resynchronisation and CRC rules as
/// <see cref="DynamixelStatusParser"/>; for a byte stream, prefer <see cref="DynamixelInstructionReader"/>.
/// Allocation-free and real-time safe.
/// </summary>
public static class DynamixelInstructionParser
{
    /// <summary>Parses the first instruction packet in <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes, oldest first.</param>
    /// <param name="parameterBuffer">Receives the unstuffed parameters; <see cref="DynamixelInstructionPacket.Parameters"/> points into it.</param>
    /// <param name="packet">The packet, when the result is <see cref="DynamixelParseResult.Packet"/>; default otherwise.</param>
    /// <param name="consumed">Bytes to drop from the front of <paramref name="buffer"/> before the next call, whatever the result.</param>
    public static DynamixelParseResult Parse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        out DynamixelInstructionPacket packet,
        out int consumed) =>
        Parse(buffer, parameterBuffer, DynamixelProtocol.MaxPacketLength, out packet, out consumed, out _);

    /// <summary>
    /// Parses the first instruction packet; true only for <see cref="DynamixelParseResult.Packet"/>.
    /// Drop <paramref name="consumed"/> bytes either way.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        out DynamixelInstructionPacket packet,
        out int consumed) =>
        Parse(buffer, parameterBuffer, out packet, out consumed) == DynamixelParseResult.Packet;

    /// <summary>As the public overload, also reporting where the framed packet started (for noise accounting).</summary>
    internal static DynamixelParseResult Parse(
        ReadOnlySpan<byte> buffer,
        Span<byte> parameterBuffer,
        int maxPacketLength,
        out DynamixelInstructionPacket packet,
        out int consumed,
        out int packetStart)
    {
        packet = default;
        DynamixelParseResult result = DynamixelPacketScanner.Scan(
            buffer, maxPacketLength, out packetStart, out int packetLength, out consumed);
        if (result != DynamixelParseResult.Packet)
        {
            return result;
        }

        ReadOnlySpan<byte> frame = buffer.Slice(packetStart, packetLength);
        ReadOnlySpan<byte> body = frame[DynamixelProtocol.PrefixLength..^DynamixelProtocol.CrcLength];
        byte instruction = body[0];
        if (instruction == (byte)DynamixelInstruction.Status)
        {
            return DynamixelParseResult.OtherPacketKind;
        }

        byte id = frame[4];
        if (!DynamixelProtocol.IsInstructionId(id))
        {
            return DynamixelParseResult.InvalidPacket;
        }

        if (!DynamixelByteStuffing.TryUnstuff(body, 1, parameterBuffer, out int parameterLength))
        {
            return DynamixelParseResult.ParameterBufferTooSmall;
        }

        packet = new DynamixelInstructionPacket(id, (DynamixelInstruction)instruction, parameterBuffer[..parameterLength]);
        return DynamixelParseResult.Packet;
    }
}
