using System.Buffers;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// A connection's receive buffer. It starts at <see cref="InitialBytes"/> from the shared array
/// pool and doubles only when a message needs the room, up to the connection's message limit, so a
/// connection that has sent nothing but a hello and pings holds 4 KiB, and one that sends tensors
/// holds about its largest message; <see cref="Dispose"/> gives it back. (A buffer of the full
/// limit per connection made 500 upgrades with one token cost 500 MiB.) Receive thread only.
/// </summary>
internal sealed class ReceiveBuffer : IDisposable
{
    /// <summary>Bytes a new connection holds: room for every message but an inference request.</summary>
    public const int InitialBytes = 4096;

    private readonly ConnectionTable _accounting;
    private byte[]? _array;

    /// <summary>A buffer for messages of up to <paramref name="limitBytes"/>; its bytes are counted in <paramref name="accounting"/>.</summary>
    public ReceiveBuffer(int limitBytes, ConnectionTable accounting)
    {
        LimitBytes = limitBytes;
        _accounting = accounting;
        _array = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBytes, limitBytes));
        _accounting.AddReceiveBufferBytes(_array.Length);
    }

    /// <summary>The largest message this buffer takes, bytes.</summary>
    public int LimitBytes { get; }

    /// <summary>Bytes usable now (never more than <see cref="LimitBytes"/>).</summary>
    public int Capacity => Math.Min(Array.Length, LimitBytes);

    /// <summary>The pooled array; valid until the next <see cref="TryGrow"/> or <see cref="Dispose"/>.</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(ReceiveBuffer));

    /// <summary>
    /// Doubles the buffer, keeping its first <paramref name="used"/> bytes; false when it is already
    /// at the limit (the message being received is larger than any the connection takes).
    /// </summary>
    public bool TryGrow(int used)
    {
        if (Capacity >= LimitBytes)
        {
            return false;
        }

        byte[] old = Array;
        byte[] grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(LimitBytes, 2L * old.Length));
        old.AsSpan(0, used).CopyTo(grown);
        _array = grown;
        _accounting.AddReceiveBufferBytes(grown.Length - old.Length);
        ArrayPool<byte>.Shared.Return(old);
        return true;
    }

    /// <summary>Gives the array back to the pool; later calls do nothing.</summary>
    public void Dispose()
    {
        byte[]? array = _array;
        _array = null;
        if (array is not null)
        {
            _accounting.AddReceiveBufferBytes(-array.Length);
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
