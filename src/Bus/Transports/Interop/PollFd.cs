using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Interop;

/// <summary><c>struct pollfd</c> from &lt;poll.h&gt;: 8 bytes, the same on every Linux ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;

    /// <summary>Data may be read without blocking.</summary>
    public const short POLLIN = 0x0001;

    /// <summary>Data may be written without blocking.</summary>
    public const short POLLOUT = 0x0004;

    /// <summary>Error condition (returned only).</summary>
    public const short POLLERR = 0x0008;

    /// <summary>Hang-up: the other end closed or the device went away (returned only).</summary>
    public const short POLLHUP = 0x0010;

    /// <summary>The descriptor is not open (returned only).</summary>
    public const short POLLNVAL = 0x0020;
}
