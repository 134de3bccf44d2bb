using System.Buffers;

namespace RobotEdge.Bus.Network;

/// <summary>
/// A reusable, growable buffer that one wire message is written into (header and MessagePack
/// payload), by <see cref="WireCodec"/> through a <see cref="MessagePack.MessagePackWriter"/>.
/// Reused message after message, it allocates only when a message outgrows every earlier one, so
/// the hot paths that write into the same buffer each time allocate nothing in steady state.
/// Not thread-safe: one writer at a time, and the written bytes stay valid until the next
/// <see cref="Reset"/>.
/// </summary>
public sealed class WireBuffer : IBufferWriter<byte>
{
    /// <summary>The bytes; <c>[0, _written)</c> hold the message so far.</summary>
    private byte[] _buffer;

    /// <summary>Bytes committed with <see cref="Advance"/> since the last <see cref="Reset"/>.</summary>
    private int _written;

    /// <summary>Creates a buffer of <paramref name="initialCapacity"/> bytes (≥ 1); size it for the largest message the owner writes.</summary>
    public WireBuffer(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _buffer = new byte[initialCapacity];
    }

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int WrittenCount => _written;

    /// <summary>The message written so far; valid until the next write or <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>The message written so far, writable (the codec fills the header in last).</summary>
    internal Span<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>Starts a new message; the buffer keeps its capacity. No allocation.</summary>
    public void Reset() => _written = 0;

    /// <summary>Copies the message written so far into a new array (setup paths and tests).</summary>
    public byte[] ToArray() => WrittenMemory.ToArray();

    /// <inheritdoc />
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_buffer.Length - _written))
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"advanced {count} bytes past the {_buffer.Length - _written} bytes handed out");
        }

        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Grows (doubling) so that at least <paramref name="sizeHint"/> bytes (at least one) follow the written ones.</summary>
    private void Ensure(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        int capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_written + needed));
        Array.Resize(ref _buffer, capacity);
    }
}
