using System.IO.Ports;
using System.Runtime.CompilerServices;

namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// A serial port driven by System.IO.Ports (<see cref="SerialPort"/>): the portable transport, the
/// default on Windows and macOS, selectable on Linux with the bus URI option <c>?port=system</c>.
/// Raw 8N1, no flow control, DTR/RTS left low, exclusive open as the OS does it (Windows: always;
/// Unix: <c>TIOCEXCL</c>, which root ignores).
/// </summary>
/// <remarks>
/// <para>Costs against <see cref="LinuxSerialPort"/> (measured by <c>robotedge bench bus</c>): on
/// Unix, System.IO.Ports hands every read and write to its own polling thread, rounds read and write
/// timeouts up to its 30 ms resolution, and allocates a few hundred bytes per call (a request, a task,
/// a cancellation source). A servo whose reply is missing therefore costs about 30 ms instead of the
/// cycle timeout. It offers no FTDI latency timer control: on Windows set "Latency Timer" to 1 ms in
/// the adapter's advanced port settings.</para>
/// <para>Ownership: the caller that opened the port disposes it. Threading: as <see cref="IByteStream"/>,
/// one reader and one writer at most; <see cref="Read"/> and <see cref="Write"/> block for a bounded
/// time and allocate, so they belong on the bus's I/O thread, never on the control thread.</para>
/// <para>Faults: a missing, busy or forbidden port, a read or write on a device that went away, all
/// surface as <see cref="SerialPortException"/> with the same <see cref="SerialPortError"/> kinds and
/// messages as the termios port, so the servo bus's reconnect logic treats both alike.</para>
/// </remarks>
public sealed class PortableSerialPort : IByteStream
{
    /// <summary>Size of the managed buffers that carry bytes between spans and System.IO.Ports' array API.</summary>
    private const int ScratchLength = 4096;

    /// <summary>
    /// Longest wait of <see cref="Dispose"/> for <see cref="SerialPort.Close"/>. On Linux a close can
    /// block for good when a write was queued after the device hung up (observed on a pseudo-terminal
    /// whose peer vanished); the close is then left to finish on its own.
    /// </summary>
    private const int CloseTimeoutMs = 2000;

    /// <summary>ENOENT: the errno reported for a device path that does not exist.</summary>
    private const int NoSuchFile = 2;

    private readonly SerialPort _port;

    /// <summary>The port's stream; every read and write goes through it (bypassing SerialPort's own text buffer).</summary>
    private readonly Stream _stream;

    /// <summary>Read-side scratch; touched only by the reading thread.</summary>
    private readonly byte[] _readScratch = new byte[ScratchLength];

    /// <summary>Write-side scratch; touched only by the writing thread.</summary>
    private readonly byte[] _writeScratch = new byte[ScratchLength];

    /// <summary>The read timeout last given to the port, so that it is set only when it changes (a system call on Windows).</summary>
    private int _appliedReadTimeoutMs = -2;

    /// <summary>The write timeout last given to the port; touched only by the writing thread.</summary>
    private int _appliedWriteTimeoutMs = -2;

    private int _disposed;

    private PortableSerialPort(SerialPort port, string path, int writeTimeoutMs)
    {
        _port = port;
        _stream = port.BaseStream;
        Path = path;
        WriteTimeoutMs = writeTimeoutMs;
    }

    /// <summary>The port name it was opened with, e.g. <c>COM3</c>, <c>/dev/cu.usbserial-A1</c> or <c>/dev/ttyUSB0</c>.</summary>
    public string Path { get; }

    /// <summary>The line rate in bit/s that was configured.</summary>
    public int BaudRate => _port.BaudRate;

    /// <summary>Longest wait of one <see cref="Write"/>, milliseconds (System.IO.Ports rounds it up to about 30 ms on Unix).</summary>
    public int WriteTimeoutMs { get; }

    /// <summary>
    /// Opens and configures <paramref name="path"/>: raw 8N1 at <paramref name="baudRate"/>, no
    /// handshake, pending input discarded. <see cref="SerialPortOptions.WriteTimeoutMs"/> is used;
    /// the termios-only options (flock, FTDI latency timer) are not. Blocking; start-up or reconnect
    /// only, never from the control loop.
    /// </summary>
    /// <param name="path">Port name: <c>COM3</c> (Windows), <c>/dev/cu.usbserial-…</c> (macOS), a device path (Linux).</param>
    /// <param name="baudRate">Line rate in bit/s, &gt; 0.</param>
    /// <param name="options">Further settings; null for <see cref="SerialPortOptions.Default"/>.</param>
    /// <returns>The open port; the caller owns it and disposes it.</returns>
    /// <exception cref="SerialPortException">The device is missing, busy, not accessible, not a serial device, or refused the rate.</exception>
    public static PortableSerialPort Open(string path, int baudRate, SerialPortOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(baudRate);
        options ??= SerialPortOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(options.WriteTimeoutMs);

        // System.IO.Ports reports a missing device as "access denied" on Unix and Windows alike: tell it apart first.
        if (!Exists(path))
        {
            throw new SerialPortException(SerialPortError.DeviceNotFound, path, OperatingSystem.IsWindows() ? 0 : NoSuchFile);
        }

        var port = new SerialPort(path, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            DtrEnable = false,
            RtsEnable = false,
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = Math.Max(1, options.WriteTimeoutMs),
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
            return new PortableSerialPort(port, path, options.WriteTimeoutMs);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw Classify(ex, path);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: do not wait; <see cref="Timeout.Infinite"/>:
    /// forever) for input, then copies what has arrived into <paramref name="buffer"/>. A wait of
    /// 0 asks the driver for the byte count and never involves System.IO.Ports' polling thread; any
    /// other wait does, rounded up to its 30 ms resolution on Unix. Blocking (bounded); allocates a
    /// few hundred bytes per waiting read (inside System.IO.Ports); I/O thread only.
    /// </summary>
    /// <returns>The number of bytes read, or 0 when nothing arrived in time.</returns>
    /// <exception cref="SerialPortException">The device went away (<see cref="SerialPortError.Disconnected"/>) or the read failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed.</exception>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int count = Math.Min(buffer.Length, ScratchLength);
        try
        {
            int available = _port.BytesToRead;
            if (available < 0)
            {
                ThrowDisconnected("read from");
            }

            if (available == 0 && timeoutMs == 0)
            {
                return 0;
            }

            int wait = available > 0 ? SerialPort.InfiniteTimeout : timeoutMs < 0 ? SerialPort.InfiniteTimeout : timeoutMs;
            if (wait != _appliedReadTimeoutMs)
            {
                _port.ReadTimeout = wait;
                _appliedReadTimeoutMs = wait;
            }

            int read = _stream.Read(_readScratch, 0, available > 0 ? Math.Min(count, available) : count);
            _readScratch.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        catch (TimeoutException)
        {
            return 0;
        }
        catch (Exception ex) when (ex is not SerialPortException and (IOException or InvalidOperationException) && Volatile.Read(ref _disposed) == 0)
        {
            // System.IO.Ports ends its polling thread when the device hangs up; later calls then find the port "closed".
            ThrowDisconnected("read from");
            return 0;
        }
    }

    /// <summary>
    /// Writes <paramref name="data"/> in chunks of at most 4 KiB, for at most <see cref="WriteTimeoutMs"/>
    /// in total. Returns when System.IO.Ports has handed the bytes to the driver. Blocking (bounded);
    /// allocates a few hundred bytes per chunk (inside System.IO.Ports); I/O thread only.
    /// </summary>
    /// <returns>
    /// <paramref name="data"/>.Length, or the bytes of the chunks that completed when the write timeout
    /// ran out (System.IO.Ports does not report a partly written chunk).
    /// </returns>
    /// <exception cref="SerialPortException">The device went away or the write failed.</exception>
    /// <exception cref="ObjectDisposedException">The port was disposed.</exception>
    public int Write(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        long deadline = Environment.TickCount64 + WriteTimeoutMs;
        int written = 0;
        try
        {
            // A write queued after a hang-up never completes and would later block Close: check first.
            if (_port.BytesToRead < 0)
            {
                ThrowDisconnected("write to");
            }

            while (written < data.Length)
            {
                int remainingMs = (int)Math.Max(1, deadline - Environment.TickCount64);
                if (written > 0 && deadline - Environment.TickCount64 <= 0)
                {
                    return written;
                }

                int chunk = Math.Min(ScratchLength, data.Length - written);
                data.Slice(written, chunk).CopyTo(_writeScratch);
                if (remainingMs != _appliedWriteTimeoutMs)
                {
                    _port.WriteTimeout = remainingMs;
                    _appliedWriteTimeoutMs = remainingMs;
                }

                _stream.Write(_writeScratch, 0, chunk);
                written += chunk;
            }

            return written;
        }
        catch (TimeoutException)
        {
            return written;
        }
        catch (Exception ex) when (ex is not SerialPortException and (IOException or InvalidOperationException) && Volatile.Read(ref _disposed) == 0)
        {
            ThrowDisconnected("write to");
            return written;
        }
    }

    /// <summary>Closes the port (waiting at most about two seconds for System.IO.Ports to let go). Idempotent; any thread.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SerialPort port = _port;
        Task close = Task.Run(port.Dispose);
        close.Wait(CloseTimeoutMs);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Path}@{BaudRate}";

    /// <summary>
    /// Maps what <see cref="SerialPort.Open"/> threw to a <see cref="SerialPortException"/>. On Unix
    /// System.IO.Ports wraps every failure in <see cref="UnauthorizedAccessException"/> whose inner
    /// <see cref="IOException"/> carries the errno; on Windows "access denied" means another program holds the port.
    /// </summary>
    internal static SerialPortException Classify(Exception ex, string path)
    {
        int errno = ex.InnerException is IOException { HResult: > 0 } inner ? inner.HResult
            : ex is IOException { HResult: > 0 } io ? io.HResult
            : 0;
        SerialPortError error = errno != 0 ? SerialPortException.Classify(errno)
            : ex is UnauthorizedAccessException ? SerialPortError.Busy
            : ex is ArgumentException ? SerialPortError.UnsupportedBaudRate
            : SerialPortError.IoError;
        return new SerialPortException(error, path, errno, "open");
    }

    private static bool Exists(string path) => OperatingSystem.IsWindows()
        ? path.StartsWith(@"\\.\", StringComparison.Ordinal) || Array.Exists(SerialPort.GetPortNames(), name => string.Equals(name, path, StringComparison.OrdinalIgnoreCase))
        : File.Exists(path);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowDisconnected(string operation) => throw new SerialPortException(SerialPortError.Disconnected, Path, 0, operation);
}
