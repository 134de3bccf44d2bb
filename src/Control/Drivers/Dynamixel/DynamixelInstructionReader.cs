namespace RobotEdge.Control.Drivers.Dynamixel;

/// <summary>
/// Incremental reader of instruction packets from a serial byte stream, for the device side of a bus
/// (the simulator's virtual servos): append whatever the port returned (split packets, noise,
/// corrupted bytes) and take out complete instruction packets. After a CRC error it resynchronises
/// on the next header and counts the error; a real device would stay silent, and so should its caller.
/// Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class DynamixelInstructionReader
{
    /// <summary>Default receive buffer size: room for a long bulk write several times over.</summary>
    public const int DefaultCapacity = 4096;

    /// <summary>Received bytes not yet parsed.</summary>
    private readonly SerialReceiveBuffer _buffer;

    /// <summary>Unstuffed parameters of the last packet returned; as large as the receive buffer, so every packet fits.</summary>
    private readonly byte[] _parameters;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public DynamixelInstructionReader(int capacity = DefaultCapacity)
    {
        _buffer = new SerialReceiveBuffer(capacity);
        _parameters = new byte[capacity];
    }

    /// <summary>Bytes received and not yet parsed.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>Packets dropped because their CRC did not match.</summary>
    public long CrcErrorCount { get; private set; }

    /// <summary>Headers dropped because of an impossible id or length, or a id outside 0–252 and broadcast.</summary>
    public long InvalidPacketCount { get; private set; }

    /// <summary>Valid status packets skipped (answers of other devices on the same bus).</summary>
    public long OtherPacketCount { get; private set; }

    /// <summary>Bytes dropped outside any packet returned or skipped: noise, and the bytes of bad packets.</summary>
    public long DiscardedByteCount { get; private set; }

    /// <summary>
    /// Free space to read from the port into, at least <paramref name="sizeHint"/> bytes unless the
    /// buffer is nearly full. Call <see cref="Advance"/> with the count read.
    /// </summary>
    public Span<byte> GetWriteSpan(int sizeHint = 256) => _buffer.GetWriteSpan(sizeHint);

    /// <summary>Marks bytes written into the span from <see cref="GetWriteSpan"/> as received.</summary>
    public void Advance(int count) => _buffer.Advance(count);

    /// <summary>Copies received bytes in; returns how many fit (all of them unless the buffer is full).</summary>
    public int Append(ReadOnlySpan<byte> data) => _buffer.Append(data);

    /// <summary>
    /// Takes the next complete instruction packet, skipping and counting noise and bad packets.
    /// <see cref="DynamixelInstructionPacket.Parameters"/> stays valid until the next call to <see cref="TryRead"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete instruction packet yet.</returns>
    public bool TryRead(out DynamixelInstructionPacket packet)
    {
        while (true)
        {
            DynamixelParseResult result = DynamixelInstructionParser.Parse(
                _buffer.Unread, _parameters, _buffer.Capacity, out packet, out int consumed, out int packetStart);
            _buffer.Consume(consumed);
            switch (result)
            {
                case DynamixelParseResult.Packet:
                    DiscardedByteCount += packetStart;
                    return true;
                case DynamixelParseResult.NeedMoreData:
                    DiscardedByteCount += consumed;
                    return false;
                case DynamixelParseResult.OtherPacketKind:
                    OtherPacketCount++;
                    DiscardedByteCount += packetStart;
                    break;
                case DynamixelParseResult.CrcError:
                    CrcErrorCount++;
                    DiscardedByteCount += consumed;
                    break;
                default:
                    InvalidPacketCount++;
                    DiscardedByteCount += consumed;
                    break;
            }
        }
    }

    /// <summary>
    /// Drops every buffered byte, e.g. after a reply timeout, so that a truncated packet cannot
    /// hold back the next one. The dropped bytes count as discarded.
    /// </summary>
    public void DiscardBuffered()
    {
        DiscardedByteCount += _buffer.Count;
        _buffer.Clear();
    }
}
