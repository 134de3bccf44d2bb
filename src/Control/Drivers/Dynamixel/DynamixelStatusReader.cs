namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Incremental reader of Protocol 2.0 status packets from a serial byte stream, for the master side
/// of a bus: the bus I/O thread appends whatever the port returned and takes out complete status
/// packets; buffering, resynchronisation and counters are <see cref="SerialPacketReader"/>'s.
/// <see cref="SerialPacketReader.InvalidPacketCount"/> also counts malformed status bodies and packets
/// whose parameters do not fit. Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class DynamixelStatusReader : SerialPacketReader
{
    /// <summary>Default receive buffer size: room for a 6-servo sync read answer many times over.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Unstuffed parameters of the last packet returned; as large as the receive buffer, so every packet fits.</summary>
    private readonly byte[] _parameters;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public DynamixelStatusReader(int capacity = DefaultCapacity)
        : base(capacity) => _parameters = new byte[capacity];

    /// <summary>Packets dropped because their CRC did not match.</summary>
    public long CrcErrorCount => ChecksumErrors;

    /// <summary>Valid instruction packets skipped (echoes of our own transmissions, or another master).</summary>
    public long OtherPacketCount => OtherPackets;

    /// <summary>
    /// Takes the next complete status packet, skipping and counting noise and bad packets.
    /// <see cref="DynamixelStatus.Parameters"/> stays valid until the next call to <see cref="TryRead"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete status packet yet.</returns>
    public bool TryRead(out DynamixelStatus status) =>
        TryReadPacket<DynamixelStatus, Framing>(new Framing(_parameters), out status);

    /// <summary>Status packets, unstuffed into the reader's parameter buffer.</summary>
    private readonly struct Framing(byte[] parameters) : IPacketFraming<DynamixelStatus>
    {
        public PacketScanOutcome Parse(
            ReadOnlySpan<byte> buffer, int maxPacketLength, out DynamixelStatus packet, out int consumed, out int packetStart) =>
            DynamixelPacketScanner.ToOutcome(DynamixelStatusParser.Parse(
                buffer, parameters, maxPacketLength, out packet, out consumed, out packetStart));
    }
}
