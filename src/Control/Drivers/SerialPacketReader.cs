namespace RobotEdge.Control.Drivers;

/// <summary>
/// Incremental reader of packets from a serial byte stream, the part every serial servo protocol and
/// direction shares: a fixed receive buffer that the I/O thread appends whatever the port returned to
/// (split packets, noise, corrupted bytes), compaction, resynchronisation on the next header after
/// garbage or a bad packet, and the error counters. The protocol-specific readers derive from it and
/// add a typed <c>TryRead</c>; the framing itself is a struct strategy (<see cref="IPacketFraming{TPacket}"/>).
/// Not thread-safe: one thread owns it. No allocation after construction; every member is real-time safe.
/// </summary>
public abstract class SerialPacketReader
{
    /// <summary>Received bytes not yet parsed; its capacity is also the longest packet accepted.</summary>
    private readonly SerialReceiveBuffer _buffer;

    /// <summary>Creates a reader whose buffer holds <paramref name="capacity"/> bytes (at least 16); longer packets are rejected as invalid.</summary>
    private protected SerialPacketReader(int capacity) => _buffer = new SerialReceiveBuffer(capacity);

    /// <summary>Bytes received and not yet parsed.</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>
    /// Headers dropped because of an impossible id or length, and packets the reader cannot accept
    /// (which ones, the derived reader's summary says).
    /// </summary>
    public long InvalidPacketCount { get; private set; }

    /// <summary>Bytes dropped outside any packet returned or skipped: noise, and the bytes of bad packets.</summary>
    public long DiscardedByteCount { get; private set; }

    /// <summary>Packets rejected: CRC or checksum errors plus invalid packets.</summary>
    public long RejectedPacketCount => ChecksumErrors + InvalidPacketCount;

    /// <summary>Packets dropped because their CRC or checksum did not match; published under the protocol's own name.</summary>
    private protected long ChecksumErrors { get; private set; }

    /// <summary>Valid packets of the other kind skipped (echoes, other devices' answers).</summary>
    private protected long OtherPackets { get; private set; }

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
    /// Drops every buffered byte, e.g. after a reply timeout, so that a truncated packet (or one whose
    /// length field was corrupted upwards) cannot hold back the next one. The dropped bytes count as discarded.
    /// </summary>
    public void DiscardBuffered()
    {
        DiscardedByteCount += _buffer.Count;
        _buffer.Clear();
    }

    /// <summary>
    /// Takes the next complete packet that <paramref name="framing"/> accepts, skipping and counting
    /// noise and bad packets. The packet's views into the buffer stay valid until the next call that
    /// appends, compacts or discards.
    /// </summary>
    /// <returns>false when the buffered bytes hold no complete packet yet.</returns>
    private protected bool TryReadPacket<TPacket, TFraming>(TFraming framing, out TPacket packet)
        where TPacket : allows ref struct
        where TFraming : struct, IPacketFraming<TPacket>
    {
        while (true)
        {
            PacketScanOutcome outcome = framing.Parse(
                _buffer.Unread, _buffer.Capacity, out packet, out int consumed, out int packetStart);
            _buffer.Consume(consumed);
            switch (outcome)
            {
                case PacketScanOutcome.Packet:
                    DiscardedByteCount += packetStart;
                    return true;
                case PacketScanOutcome.NeedMoreData:
                    DiscardedByteCount += consumed;
                    return false;
                case PacketScanOutcome.OtherPacketKind:
                    OtherPackets++;
                    DiscardedByteCount += packetStart;
                    break;
                case PacketScanOutcome.ChecksumError:
                    ChecksumErrors++;
                    DiscardedByteCount += consumed;
                    break;
                default:
                    InvalidPacketCount++;
                    DiscardedByteCount += consumed;
                    break;
            }
        }
    }
}
