namespace RobotEdge.Control.Drivers;

/// <summary>
/// One protocol and direction of a serial servo bus (Dynamixel status, Feetech instruction, …) as
/// <see cref="SerialPacketReader"/> sees it: a stateless parse of the first packet in received bytes.
/// Implemented by small readonly structs and used as a generic type argument, so that the JIT
/// specialises the reader loop for each protocol and inlines the call: no virtual dispatch, no boxing.
/// </summary>
/// <typeparam name="TPacket">The packet view returned; a ref struct pointing into reader-owned memory.</typeparam>
internal interface IPacketFraming<TPacket>
    where TPacket : allows ref struct
{
    /// <summary>
    /// Parses the first packet in <paramref name="buffer"/>. Real-time safe: no allocation, no blocking.
    /// </summary>
    /// <param name="buffer">Received bytes, oldest first.</param>
    /// <param name="maxPacketLength">Longest packet accepted (the reader's capacity); a longer length field is invalid.</param>
    /// <param name="packet">The packet when the outcome is <see cref="PacketScanOutcome.Packet"/>; default otherwise.</param>
    /// <param name="consumed">Bytes to drop from the front of <paramref name="buffer"/>, whatever the outcome.</param>
    /// <param name="packetStart">Where the framed packet started; the bytes before it were noise.</param>
    PacketScanOutcome Parse(
        ReadOnlySpan<byte> buffer,
        int maxPacketLength,
        out TPacket packet,
        out int consumed,
        out int packetStart);
}
