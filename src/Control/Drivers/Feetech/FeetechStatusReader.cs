namespace RobotEdge.Control.Drivers.Feetech;

/// <summary>
/// Incremental reader of status packets from a serial byte stream: the bus I/O thread appends
/// whatever the port returned (split packets, noise, corrupted bytes) and takes out complete status
/// packets. After a checksum error it resynchronises on the next header and counts the error.
/// Not thread-safe: one thread owns it. No allocation after construction; real-time safe.
/// </summary>
public sealed class FeetechStatusReader
{
    /// <summary>Default receive buffer size.</summary>
    public const int DefaultCapacity = 2048;

    /// <summary>Received bytes not yet parsed; returned parameters are views of it.</summary>
    private readonly SerialReceiveBuffer _buffer;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    public FeetechStatusReader(int capacity = DefaultCapacity) => _buffer = new SerialReceiveBuffer(capacity);

    /// <summary>Bytes received and not yet parsed.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>Packets dropped because their checksum did not match.</summary>
    public long ChecksumErrorCount { get; private set; }

    /// <summary>Headers dropped because of an impossible length, and packets from the broadcast id.</summary>
    public long InvalidPacketCount { get; private set; }

    /// <summary>Bytes dropped outside any packet returned: noise, and the bytes of bad packets.</summary>
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
    /// Takes the next complete status packet, skipping and counting noise and bad packets.
    /// <see cref="FeetechStatus.Parameters"/> stays valid until the next call to <see cref="GetWriteSpan"/>,
    /// <see cref="Append"/> or <see cref="DiscardBuffered"/>.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete status packet yet.</returns>
    public bool TryRead(out FeetechStatus status)
    {
        while (true)
        {
            FeetechParseResult result = FeetechStatusParser.Parse(
                _buffer.Unread, _buffer.Capacity, out status, out int consumed, out int packetStart);
            _buffer.Consume(consumed);
            switch (result)
            {
                case FeetechParseResult.Packet:
                    DiscardedByteCount += packetStart;
                    return true;
                case FeetechParseResult.NeedMoreData:
                    DiscardedByteCount += consumed;
                    return false;
                case FeetechParseResult.ChecksumError:
                    ChecksumErrorCount++;
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
    /// Drops every buffered byte, e.g. after a reply timeout, so that a packet whose length byte was
    /// corrupted upwards cannot hold back the next one. The dropped bytes count as discarded.
    /// </summary>
    public void DiscardBuffered()
    {
        DiscardedByteCount += _buffer.Count;
        _buffer.Clear();
    }
}
