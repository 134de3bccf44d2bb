using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary>
/// The few glibc entry points the transports need, bound with source-generated marshalling
/// (<see cref="LibraryImportAttribute"/>, no runtime stubs, no allocation per call). Every import sets
/// the last P/Invoke error, so callers read <c>errno</c> with <see cref="Marshal.GetLastPInvokeError"/>.
/// Calls that take a <see cref="SafeFileDescriptor"/> hold a reference on it for the duration of the
/// call, so a concurrent <c>Dispose</c> cannot close (and the kernel cannot reuse) the descriptor
/// under a running <c>read</c> or <c>poll</c>.
/// On glibc 2.34 and later <c>openpty</c> lives in libc itself (it moved from libutil).
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    /// <summary><c>open(2)</c> without <c>O_CREAT</c>, so the variadic mode argument is never read.</summary>
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    /// <summary><c>close(2)</c>; only <see cref="SafeFileDescriptor"/> calls it.</summary>
    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    /// <summary><c>read(2)</c> on a raw descriptor number; the caller holds a reference on its handle.</summary>
    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, byte* buffer, nuint count);

    /// <summary><c>write(2)</c> on a raw descriptor number; the caller holds a reference on its handle.</summary>
    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    /// <summary><c>ioctl(2)</c> with a pointer argument (termios2, ifreq, or none).</summary>
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(SafeFileDescriptor fd, nuint request, void* argument);

    /// <summary><c>tcflush(3)</c>: queue is <see cref="TermiosFlags.TCIFLUSH"/> or <see cref="TermiosFlags.TCOFLUSH"/>.</summary>
    [LibraryImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int TcFlush(SafeFileDescriptor fd, int queue);

    /// <summary><c>flock(2)</c>: an advisory lock that also binds processes running as root.</summary>
    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(SafeFileDescriptor fd, int operation);

    /// <summary><c>fcntl(2)</c> for the integer-argument commands (F_GETFL, F_SETFL, F_SETFD).</summary>
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(SafeFileDescriptor fd, int command, int argument);

    /// <summary><c>openpty(3)</c>; <paramref name="name"/>, <paramref name="termios"/> and <paramref name="winsize"/> may be null.</summary>
    [LibraryImport(Library, EntryPoint = "openpty", SetLastError = true)]
    internal static partial int OpenPty(int* master, int* slave, byte* name, void* termios, void* winsize);

    /// <summary><c>ptsname_r(3)</c>: returns 0 or an error number (it does not set errno).</summary>
    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int PtsNameR(SafeFileDescriptor master, byte* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    internal static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    internal static partial int Bind(SafeFileDescriptor fd, void* address, uint addressLength);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(SafeFileDescriptor fd, int level, int name, void* value, uint valueLength);
}
