using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Can;

/// <summary>
/// A CAN link failure: an SLCAN adapter that does not answer or refuses a command, a missing or
/// down SocketCAN interface, a kernel without CAN support. The message names the device and says
/// what to check.
/// </summary>
public sealed class CanTransportException : IOException
{
    /// <summary>Creates the exception with a ready message and, when it came from a system call, its errno.</summary>
    public CanTransportException(string message, int errno = 0)
        : base(errno != 0 ? $"{message} ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno})" : message)
    {
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The Linux errno, or 0 when the failure came from the adapter's protocol rather than a system call.</summary>
    public int Errno { get; }
}
