using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RobotEdge.Bus.Transports.Interop;

namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// A Linux serial port (USB-serial adapter, on-board UART, USB-CDC device, or the device side of a
/// <see cref="PseudoTerminal"/>) configured through termios: raw 8N1, no flow control, any baud rate
/// the driver accepts (standard <c>Bxxx</c> rates, anything else through <c>termios2</c>/<c>BOTHER</c>,
/// e.g. 1,000,000, 3,000,000 or 4,000,000 bit/s), opened non-blocking with reads and writes bounded
/// by <c>poll</c>.
/// </summary>
/// <remarks>
/// <para>Ownership: the caller that opened the port disposes it. A driver or transport handed a port
/// says in its own documentation whether it takes ownership.</para>
/// <para>Threading: <see cref="Read"/> and <see cref="Write"/> are meant for the bus's own I/O thread;
/// one thread may read while another writes, but two threads must not read (or write) at once.
/// Neither allocates; both block for a bounded time, so neither belongs on the control thread.
/// <see cref="Dispose"/> may be called from any thread; a read in progress then finishes its wait and
/// later calls throw <see cref="ObjectDisposedException"/>.</para>
/// <para>Exclusivity: by default the port is locked with <c>flock</c> and <c>TIOCEXCL</c>; the lock
/// ends when the port is disposed (or the process dies).</para>
/// </remarks>
public sealed partial class LinuxSerialPort : IByteStream
{
    private readonly SafeFileDescriptor _fd;
    private readonly bool _exclusive;
    private int _disposed;

    private LinuxSerialPort(SafeFileDescriptor fd, string path, int baudRate, int writeTimeoutMs, bool exclusive)
    {
        _fd = fd;
        Path = path;
        BaudRate = baudRate;
        WriteTimeoutMs = writeTimeoutMs;
        _exclusive = exclusive;
    }

    /// <summary>The device path the port was opened with, e.g. <c>/dev/ttyUSB0</c>.</summary>
    public string Path { get; }

    /// <summary>The line rate in bit/s as the driver reports it back after configuration.</summary>
    public int BaudRate { get; }

    /// <summary>Longest wait of one <see cref="Write"/> for room in the output buffer, milliseconds.</summary>
    public int WriteTimeoutMs { get; }

    /// <summary>
    /// The FTDI USB latency timer in milliseconds after open (1 when it was lowered), or null when
    /// the device has none (not an FTDI chip, or a pseudo-terminal).
    /// </summary>
    public int? LatencyTimerMs { get; private init; }

    /// <summary>
    /// Opens and configures <paramref name="path"/>: <c>O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC</c>,
    /// exclusive lock, raw 8N1 at <paramref name="baudRate"/>, pending input discarded, FTDI latency
    /// timer lowered to 1 ms where present. Blocking; call at start-up or on reconnect, never from the
    /// control loop.
    /// </summary>
    /// <param name="path">Device path, e.g. <c>/dev/ttyUSB0</c> or a stable <c>/dev/serial/by-id/…</c> link.</param>
    /// <param name="baudRate">Line rate in bit/s, &gt; 0.</param>
    /// <param name="options">Further settings; null for <see cref="SerialPortOptions.Default"/>.</param>
    /// <returns>The open port; the caller owns it and disposes it.</returns>
    /// <exception cref="SerialPortException">
    /// The device is missing, not accessible, busy, not a tty, or refused the baud rate; the
    /// message says which and what to do.
    /// </exception>
    public static unsafe LinuxSerialPort Open(string path, int baudRate, SerialPortOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        options ??= SerialPortOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.WriteTimeoutMs);
        IoctlRequest.EnsureSupportedPlatform();

        int number = Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_NOCTTY | OpenFlags.O_NONBLOCK | OpenFlags.O_CLOEXEC);
        if (number < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new SerialPortException(SerialPortException.Classify(errno), path, errno, "open");
        }

        SafeFileDescriptor fd = new(number);
        try
        {
            // TCGETS2 first: it is what tells a tty from any other file (ENOTTY).
            Termios2 termios;
            ThrowOnFailure(Libc.Ioctl(fd, IoctlRequest.TCGETS2, &termios), path, "read the terminal settings of");

            if (options.Exclusive)
            {
                // flock binds every process including root; TIOCEXCL covers programs that do not flock
                // but is ignored for CAP_SYS_ADMIN, hence both.
                ThrowOnFailure(Libc.Flock(fd, OpenFlags.LOCK_EX | OpenFlags.LOCK_NB), path, "lock");
                ThrowOnFailure(Libc.Ioctl(fd, IoctlRequest.TIOCEXCL, null), path, "lock");
            }

            TermiosFlags.MakeRaw8N1(ref termios, baudRate);
            if (Libc.Ioctl(fd, IoctlRequest.TCSETS2, &termios) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                SerialPortError error = errno == Errno.EINVAL ? SerialPortError.UnsupportedBaudRate : SerialPortException.Classify(errno);
                throw new SerialPortException(error, path, errno, $"set {baudRate} baud raw 8N1 on");
            }

            Termios2 applied;
            ThrowOnFailure(Libc.Ioctl(fd, IoctlRequest.TCGETS2, &applied), path, "read back the terminal settings of");
            int actualBaud = applied.OutputSpeed == 0 ? baudRate : (int)applied.OutputSpeed;
            if (actualBaud != baudRate)
            {
                options.Log?.Invoke($"{path}: asked for {baudRate} baud, the driver set {actualBaud} baud");
            }

            ThrowOnFailure(Libc.TcFlush(fd, TermiosFlags.TCIFLUSH), path, "discard stale input of");

            return new LinuxSerialPort(fd, path, actualBaud, options.WriteTimeoutMs, options.Exclusive)
            {
                LatencyTimerMs = ConfigureLatencyTimer(path, options),
            };
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: do not wait; <see cref="Timeout.Infinite"/>:
    /// forever) for input, then copies what has arrived into <paramref name="buffer"/>. Blocking
    /// (bounded), no allocation; I/O thread only.
    /// </summary>
    /// <returns>The number of bytes read, or 0 when nothing arrived in time.</returns>
    /// <exception cref="SerialPortException">The device hung up (<see cref="SerialPortError.Disconnected"/>) or the read failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed.</exception>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        int count = FileDescriptorIo.Read(_fd, buffer, timeoutMs, out int errno);
        if (count < 0)
        {
            ThrowIoFailure(errno, "read from");
        }

        return count;
    }

    /// <summary>
    /// Writes <paramref name="data"/>, waiting (poll) whenever the output buffer is full, for at
    /// most <see cref="WriteTimeoutMs"/> in total. Returns when the bytes are in the kernel's buffer,
    /// not when they are on the wire. Blocking (bounded), no allocation; I/O thread only.
    /// </summary>
    /// <returns><paramref name="data"/>.Length, or fewer bytes when the write timeout ran out (the line is stalled).</returns>
    /// <exception cref="SerialPortException">The device hung up or the write failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed.</exception>
    public int Write(ReadOnlySpan<byte> data)
    {
        int count = FileDescriptorIo.Write(_fd, data, WriteTimeoutMs, out int errno);
        if (count < 0)
        {
            ThrowIoFailure(errno, "write to");
        }

        return count;
    }

    /// <summary>Discards bytes received but not yet read (<c>tcflush(TCIFLUSH)</c>). Non-blocking; I/O thread.</summary>
    public void DiscardInput() => Flush(TermiosFlags.TCIFLUSH);

    /// <summary>Discards bytes written but not yet transmitted (<c>tcflush(TCOFLUSH)</c>). Non-blocking; I/O thread.</summary>
    public void DiscardOutput() => Flush(TermiosFlags.TCOFLUSH);

    /// <summary>Releases the exclusive lock and closes the port. Idempotent; any thread.</summary>
    public unsafe void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_exclusive)
        {
            // The tty keeps TIOCEXCL while anyone holds it open (a PseudoTerminal holds its own slave
            // descriptor), so clear it or the next open of the same device would fail with EBUSY.
            Libc.Ioctl(_fd, IoctlRequest.TIOCNXCL, null);
        }

        _fd.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Path}@{BaudRate}";

    private void Flush(int queue)
    {
        if (Libc.TcFlush(_fd, queue) != 0)
        {
            ThrowIoFailure(Marshal.GetLastPInvokeError(), "flush");
        }
    }

    private static void ThrowOnFailure(int result, string path, string operation)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new SerialPortException(SerialPortException.Classify(errno), path, errno, operation);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowIoFailure(int errno, string operation)
    {
        SerialPortError error = errno == Errno.EIO ? SerialPortError.Disconnected : SerialPortError.IoError;
        throw new SerialPortException(error, Path, errno, operation);
    }
}
