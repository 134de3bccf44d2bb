namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Incremental reader of FEETECH instruction packets from a serial byte stream, for the servo side of
/// a bus (the simulator's virtual servos); buffering, resynchronisation and counters are
/// <see cref="SerialPacketReader"/>'s. After a checksum error it resynchronises on the next header and
/// counts the error; a real servo stays silent then.
/// Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class FeetechInstructionReader : SerialPacketReader
{
    /// <summary>Default receive buffer size.</summary>
    public const int DefaultCapacity = 2048;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public FeetechInstructionReader(int capacity = DefaultCapacity)
        : base(capacity)
    {
    }

    /// <summary>Packets dropped because their checksum did not match.</summary>
    public long ChecksumErrorCount => ChecksumErrors;

    /// <summary>
    /// Takes the next complete instruction packet, skipping and counting noise and bad packets.
    /// <see cref="FeetechInstructionPacket.Parameters"/> is a view of the receive buffer and stays valid
    /// until the next call to <see cref="SerialPacketReader.GetWriteSpan"/>, <see cref="SerialPacketReader.Append"/>
    /// or <see cref="SerialPacketReader.DiscardBuffered"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete instruction packet yet.</returns>
    public bool TryRead(out FeetechInstructionPacket packet) =>
        TryReadPacket<FeetechInstructionPacket, Framing>(default, out packet);

    /// <summary>Instruction packets; parameters are views of the received bytes.</summary>
    private readonly struct Framing : IPacketFraming<FeetechInstructionPacket>
    {
        public PacketScanOutcome Parse(
            ReadOnlySpan<byte> buffer, int maxPacketLength, out FeetechInstructionPacket packet, out int consumed, out int packetStart) =>
            FeetechPacketScanner.ToOutcome(FeetechInstructionParser.Parse(
                buffer, maxPacketLength, out packet, out consumed, out packetStart));
    }
}
