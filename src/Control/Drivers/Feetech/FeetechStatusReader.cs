namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Incremental reader of FEETECH status packets from a serial byte stream, for the master side of a
/// bus: the bus I/O thread appends whatever the port returned and takes out complete status packets;
/// buffering, resynchronisation and counters are <see cref="SerialPacketReader"/>'s.
/// <see cref="SerialPacketReader.InvalidPacketCount"/> also counts packets from the broadcast id.
/// Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class FeetechStatusReader : SerialPacketReader
{
    /// <summary>Default receive buffer size.</summary>
    public const int DefaultCapacity = 2048;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public FeetechStatusReader(int capacity = DefaultCapacity)
        : base(capacity)
    {
    }

    /// <summary>Packets dropped because their checksum did not match.</summary>
    public long ChecksumErrorCount => ChecksumErrors;

    /// <summary>
    /// Takes the next complete status packet, skipping and counting noise and bad packets.
    /// <see cref="FeetechStatus.Parameters"/> is a view of the receive buffer and stays valid until the
    /// next call to <see cref="SerialPacketReader.GetWriteSpan"/>, <see cref="SerialPacketReader.Append"/>
    /// or <see cref="SerialPacketReader.DiscardBuffered"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete status packet yet.</returns>
    public bool TryRead(out FeetechStatus status) => TryReadPacket<FeetechStatus, Framing>(default, out status);

    /// <summary>Status packets; parameters are views of the received bytes.</summary>
    private readonly struct Framing : IPacketFraming<FeetechStatus>
    {
        public PacketScanOutcome Parse(
            ReadOnlySpan<byte> buffer, int maxPacketLength, out FeetechStatus packet, out int consumed, out int packetStart) =>
            FeetechPacketScanner.ToOutcome(FeetechStatusParser.Parse(
                buffer, maxPacketLength, out packet, out consumed, out packetStart));
    }
}
