namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Incremental reader of Protocol 2.0 instruction packets from a serial byte stream, for the device
/// side of a bus (the simulator's virtual servos); buffering, resynchronisation and counters are
/// <see cref="SerialPacketReader"/>'s. After a CRC error it resynchronises on the next header and
/// counts the error; a real device would stay silent, and so should its caller.
/// <see cref="SerialPacketReader.InvalidPacketCount"/> also counts ids outside 0–252 and broadcast.
/// Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class DynamixelInstructionReader : SerialPacketReader
{
    /// <summary>Default receive buffer size: room for a long bulk write several times over.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Unstuffed parameters of the last packet returned; as large as the receive buffer, so every packet fits.</summary>
    private readonly byte[] _parameters;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public DynamixelInstructionReader(int capacity = DefaultCapacity)
        : base(capacity) => _parameters = new byte[capacity];

    /// <summary>Packets dropped because their CRC did not match.</summary>
    public long CrcErrorCount => ChecksumErrors;

    /// <summary>Valid status packets skipped (answers of other devices on the same bus).</summary>
    public long OtherPacketCount => OtherPackets;

    /// <summary>
    /// Takes the next complete instruction packet, skipping and counting noise and bad packets.
    /// <see cref="DynamixelInstructionPacket.Parameters"/> stays valid until the next call to <see cref="TryRead"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete instruction packet yet.</returns>
    public bool TryRead(out DynamixelInstructionPacket packet) =>
        TryReadPacket<DynamixelInstructionPacket, Framing>(new Framing(_parameters), out packet);

    /// <summary>Instruction packets, unstuffed into the reader's parameter buffer.</summary>
    private readonly struct Framing(byte[] parameters) : IPacketFraming<DynamixelInstructionPacket>
    {
        public PacketScanOutcome Parse(
            ReadOnlySpan<byte> buffer, int maxPacketLength, out DynamixelInstructionPacket packet, out int consumed, out int packetStart) =>
            DynamixelPacketScanner.ToOutcome(DynamixelInstructionParser.Parse(
                buffer, parameters, maxPacketLength, out packet, out consumed, out packetStart));
    }
}
