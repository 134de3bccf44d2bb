using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RobotEdge.Bus.Transports.Interop;

namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// A Linux pseudo-terminal pair (<c>openpty</c>): <see cref="DevicePath"/> is the device side
/// (<c>/dev/pts/N</c>), which <see cref="LinuxSerialPort.Open"/> opens like any serial port; this
/// object's <see cref="Read"/> and <see cref="Write"/> are the other end of the wire. The simulator's
/// virtual servos and CAN adapters answer here, and tests use it as a loopback cable.
/// </summary>
/// <remarks>
/// <para>The device side is put in raw mode, so every byte value passes unmodified in both
/// directions (no CR/LF translation, no XON/XOFF, no echo). A pseudo-terminal does not emulate the
/// baud rate: bytes move at memory speed whatever rate the client configures.</para>
/// <para>This object keeps a descriptor of the device side open for its whole life, so a client that
/// closes and reopens <see cref="DevicePath"/> does not make this end see a hang-up. Disposing it
/// closes both ends: a client still reading then gets a hang-up, as if a USB adapter were unplugged.</para>
/// <para>Ownership: whoever calls <see cref="Open"/> disposes. Threading: as <see cref="IByteStream"/>:
/// one reader thread and one writer thread at most; no allocation in Read/Write.</para>
/// </remarks>
public sealed class PseudoTerminal : IByteStream
{
    /// <summary>Room for "/dev/pts/N" with any N; ptsname_r reports ERANGE if it were ever short.</summary>
    private const int PathBufferLength = 128;

    /// <summary>The controlling (master) side; non-blocking; all I/O goes through it.</summary>
    private readonly SafeFileDescriptor _master;

    /// <summary>A descriptor of the device side, held only so that the master never sees a hang-up between clients.</summary>
    private readonly SafeFileDescriptor _deviceSide;

    private PseudoTerminal(SafeFileDescriptor master, SafeFileDescriptor deviceSide, string devicePath, int writeTimeoutMs)
    {
        _master = master;
        _deviceSide = deviceSide;
        DevicePath = devicePath;
        WriteTimeoutMs = writeTimeoutMs;
    }

    /// <summary>Path of the device side, e.g. <c>/dev/pts/3</c>; pass it to <see cref="LinuxSerialPort.Open"/>.</summary>
    public string DevicePath { get; }

    /// <summary>Longest wait of one <see cref="Write"/> for the client to drain its input, milliseconds.</summary>
    public int WriteTimeoutMs { get; }

    /// <summary>
    /// Creates a pseudo-terminal pair with its device side in raw mode. Blocking (briefly); not for
    /// the control loop.
    /// </summary>
    /// <param name="writeTimeoutMs">
    /// Longest time one <see cref="Write"/> waits when the client's input buffer (4 KiB in the
    /// kernel's tty layer) is full, milliseconds, ≥ 0. Default 100 ms.
    /// </param>
    /// <exception cref="SerialPortException">The system refused a pseudo-terminal (e.g. /dev/pts not mounted).</exception>
    public static unsafe PseudoTerminal Open(int writeTimeoutMs = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(writeTimeoutMs);
        IoctlRequest.EnsureSupportedPlatform();

        int masterNumber;
        int deviceNumber;
        if (Libc.OpenPty(&masterNumber, &deviceNumber, null, null, null) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new SerialPortException(SerialPortException.Classify(errno), "/dev/ptmx", errno, "openpty");
        }

        SafeFileDescriptor master = new(masterNumber);
        SafeFileDescriptor deviceSide = new(deviceNumber);
        try
        {
            // openpty cannot set these atomically; no child process is started by this library
            // between the two calls.
            Check(Libc.Fcntl(master, OpenFlags.F_SETFD, OpenFlags.FD_CLOEXEC), "set close-on-exec on");
            Check(Libc.Fcntl(deviceSide, OpenFlags.F_SETFD, OpenFlags.FD_CLOEXEC), "set close-on-exec on");
            int statusFlags = Libc.Fcntl(master, OpenFlags.F_GETFL, 0);
            Check(statusFlags < 0 ? -1 : 0, "read the flags of");
            Check(Libc.Fcntl(master, OpenFlags.F_SETFL, statusFlags | OpenFlags.O_NONBLOCK), "make non-blocking");

            byte* name = stackalloc byte[PathBufferLength];
            int nameError = Libc.PtsNameR(master, name, PathBufferLength);
            if (nameError != 0)
            {
                throw new SerialPortException(SerialPortError.IoError, "/dev/ptmx", nameError, "ptsname_r");
            }

            string devicePath = Marshal.PtrToStringUTF8((nint)name)!;

            // Raw mode lives in the device side's termios (the master side is raw from creation).
            Termios2 termios;
            Check(Libc.Ioctl(deviceSide, IoctlRequest.TCGETS2, &termios), "read the terminal settings of");
            TermiosFlags.MakeRaw8N1(ref termios, termios.OutputSpeed == 0 ? 38400 : (int)termios.OutputSpeed);
            Check(Libc.Ioctl(deviceSide, IoctlRequest.TCSETS2, &termios), "set raw mode on");

            return new PseudoTerminal(master, deviceSide, devicePath, writeTimeoutMs);
        }
        catch
        {
            master.Dispose();
            deviceSide.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> milliseconds (0: do not wait; <see cref="Timeout.Infinite"/>:
    /// forever) for bytes the client wrote, then copies what is available. Blocking (bounded), no allocation.
    /// </summary>
    /// <returns>The number of bytes read, or 0 when nothing arrived in time.</returns>
    /// <exception cref="SerialPortException">The read failed.</exception>
    /// <exception cref="ObjectDisposedException">This pseudo-terminal was disposed.</exception>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        int count = FileDescriptorIo.Read(_master, buffer, timeoutMs, out int errno);
        if (count < 0)
        {
            ThrowIoFailure(errno, "read from");
        }

        return count;
    }

    /// <summary>
    /// Sends <paramref name="data"/> to the client, waiting while its input buffer is full for at
    /// most <see cref="WriteTimeoutMs"/>. Blocking (bounded), no allocation.
    /// </summary>
    /// <returns><paramref name="data"/>.Length, or fewer bytes when the client did not drain its input in time.</returns>
    /// <exception cref="SerialPortException">The write failed.</exception>
    /// <exception cref="ObjectDisposedException">This pseudo-terminal was disposed.</exception>
    public int Write(ReadOnlySpan<byte> data)
    {
        int count = FileDescriptorIo.Write(_master, data, WriteTimeoutMs, out int errno);
        if (count < 0)
        {
            ThrowIoFailure(errno, "write to");
        }

        return count;
    }

    /// <summary>Closes both ends; a client still holding <see cref="DevicePath"/> sees a hang-up. Idempotent; any thread.</summary>
    public void Dispose()
    {
        _master.Dispose();
        _deviceSide.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"pty {DevicePath}";

    private static void Check(int result, string operation)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new SerialPortException(SerialPortError.IoError, "/dev/ptmx", errno, $"{operation} the pseudo-terminal");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowIoFailure(int errno, string operation)
    {
        SerialPortError error = errno == Errno.EIO ? SerialPortError.Disconnected : SerialPortError.IoError;
        throw new SerialPortException(error, $"{DevicePath} (master side)", errno, operation);
    }
}
