using System.Diagnostics;

namespace RobotEdge.Control.Drivers;

/// <summary>
/// A fixed-capacity byte buffer for bytes received from a serial port, shared by the packet readers
/// of every serial servo protocol. Bytes are appended at the tail and consumed from the head; the
/// unread bytes are moved back to the front (one memmove) only when the tail runs out of room, so
/// the unread region is always contiguous and can be handed to a span parser.
/// Not thread-safe: one thread (the bus I/O thread) owns it. Never allocates after construction.
/// </summary>
internal sealed class SerialReceiveBuffer
{
    /// <summary>Backing store; its length is the capacity.</summary>
    private readonly byte[] _bytes;

    /// <summary>Index of the first unread byte. Invariant: 0 ≤ _head ≤ _tail ≤ capacity.</summary>
    private int _head;

    /// <summary>Index one past the last unread byte.</summary>
    private int _tail;

    internal SerialReceiveBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 16);
        _bytes = new byte[capacity];
    }

    /// <summary>Capacity in bytes.</summary>
    internal int Capacity => _bytes.Length;

    /// <summary>Number of unread bytes.</summary>
    internal int Count => _tail - _head;

    /// <summary>The unread bytes, valid until the next call that appends or compacts.</summary>
    internal ReadOnlySpan<byte> Unread => _bytes.AsSpan(_head, _tail - _head);

    /// <summary>
    /// Returns the free space at the tail, compacting first when it is smaller than
    /// <paramref name="sizeHint"/> bytes. The span may be shorter than the hint when the buffer is
    /// nearly full; it is empty when the buffer is full.
    /// </summary>
    internal Span<byte> GetWriteSpan(int sizeHint)
    {
        if (_bytes.Length - _tail < sizeHint && _head > 0)
        {
            Compact();
        }

        return _bytes.AsSpan(_tail);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the span from <see cref="GetWriteSpan"/> as received.</summary>
    internal void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _bytes.Length - _tail);
        _tail += count;
    }

    /// <summary>Copies as many bytes of <paramref name="data"/> as fit; returns how many were taken.</summary>
    internal int Append(ReadOnlySpan<byte> data)
    {
        Span<byte> free = GetWriteSpan(data.Length);
        int taken = Math.Min(free.Length, data.Length);
        data[..taken].CopyTo(free);
        _tail += taken;
        return taken;
    }

    /// <summary>Drops <paramref name="count"/> bytes from the head.</summary>
    internal void Consume(int count)
    {
        Debug.Assert(count >= 0 && count <= Count, "consumed more than was buffered");
        _head += count;
        if (_head == _tail)
        {
            _head = 0;
            _tail = 0;
        }
    }

    /// <summary>Drops every unread byte.</summary>
    internal void Clear()
    {
        _head = 0;
        _tail = 0;
    }

    private void Compact()
    {
        int count = _tail - _head;
        _bytes.AsSpan(_head, count).CopyTo(_bytes);
        _head = 0;
        _tail = count;
    }
}
