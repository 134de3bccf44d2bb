using RobotEdge.Bus.Transports;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>A port wrapper that keeps a copy of every byte written, before any fault injection on the wire. Allocates; not for allocation tests.</summary>
internal sealed class RecordingByteStream(IByteStream inner) : IByteStream
{
    private readonly List<byte> _written = [];

    /// <summary>Copy of everything written so far. Read after the bus has stopped.</summary>
    public byte[] Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    public int Read(Span<byte> buffer, int timeoutMs) => inner.Read(buffer, timeoutMs);

    public int Write(ReadOnlySpan<byte> data)
    {
        int written = inner.Write(data);
        lock (_written)
        {
            _written.AddRange(data[..written]);
        }

        return written;
    }

    public void Dispose() => inner.Dispose();
}
