namespace RobotEdge.Bus.Transports;

/// <summary>
/// A full-duplex byte stream with serial-port semantics: reads wait a bounded time and return what
/// has arrived, writes are bounded by the implementation's write timeout. Implemented by a real
/// serial port (<see cref="Serial.LinuxSerialPort"/> through termios, <see cref="Serial.PortableSerialPort"/>
/// through System.IO.Ports) and by the device side of a pseudo-terminal
/// (<see cref="Serial.PseudoTerminal"/>), so protocol code (SLCAN, servo buses) runs unchanged
/// against hardware and against the simulator's virtual devices.
/// Threading: one thread may read while another writes; neither method is safe to call from two
/// threads at once. The termios port and the pseudo-terminal never allocate; System.IO.Ports does,
/// inside its own calls, which is one more reason why only a bus's I/O thread touches a stream.
/// </summary>
public interface IByteStream : IDisposable
{
    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: do not wait; <see cref="Timeout.Infinite"/>:
    /// forever) for input, then copies what is available into <paramref name="buffer"/>. Blocking.
    /// </summary>
    /// <returns>The number of bytes read, or 0 if nothing arrived in time.</returns>
    /// <exception cref="IOException">The device went away or the read failed.</exception>
    int Read(Span<byte> buffer, int timeoutMs);

    /// <summary>
    /// Writes <paramref name="data"/>, waiting while the output buffer is full, for at most the
    /// stream's write timeout. Blocking, bounded.
    /// </summary>
    /// <returns><paramref name="data"/>.Length, or fewer bytes when the write timeout ran out.</returns>
    /// <exception cref="IOException">The device went away or the write failed.</exception>
    int Write(ReadOnlySpan<byte> data);
}
