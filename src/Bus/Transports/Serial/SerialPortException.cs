using System.Runtime.InteropServices;

namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// A serial port or pseudo-terminal failure, with the device path, the <c>errno</c> and a kind
/// (<see cref="Error"/>) to branch on, and a message written for the integrator who has to fix it
/// ("is it plugged in?", "add yourself to dialout", "who else holds it").
/// </summary>
public sealed class SerialPortException : IOException
{
    /// <summary>Creates the exception for <paramref name="error"/> on <paramref name="path"/>.</summary>
    /// <param name="error">The kind of failure.</param>
    /// <param name="path">The device path, e.g. <c>/dev/ttyUSB0</c>.</param>
    /// <param name="errno">The Linux error number, or 0 when none applies.</param>
    /// <param name="operation">What was being done, e.g. "open" or "read" (used for <see cref="SerialPortError.IoError"/>).</param>
    public SerialPortException(SerialPortError error, string path, int errno, string operation = "open")
        : base(Describe(error, path, errno, operation))
    {
        Error = error;
        DevicePath = path;
        Errno = errno;
        HResult = errno;
    }

    /// <summary>The kind of failure.</summary>
    public SerialPortError Error { get; }

    /// <summary>The device path the operation was on.</summary>
    public string DevicePath { get; }

    /// <summary>The Linux <c>errno</c>, or 0 when the failure did not come from a system call.</summary>
    public int Errno { get; }

    private static string Describe(SerialPortError error, string path, int errno, string operation)
    {
        string system = errno != 0 ? $" ({Marshal.GetPInvokeErrorMessage(errno)}, errno {errno})" : string.Empty;
        return error switch
        {
            SerialPortError.DeviceNotFound =>
                $"no such serial device {path} — is it plugged in?{system} " +
                (OperatingSystem.IsWindows() ? "Device Manager lists the COM ports present."
                    : OperatingSystem.IsMacOS() ? "List candidates with `ls /dev/cu.*`."
                    : "List candidates with `ls /dev/serial/by-id/`; prefer those stable names over ttyUSBn."),
            SerialPortError.PermissionDenied =>
                $"permission denied opening {path}{system}: add the user to the group that owns the device " +
                "(usually 'dialout': `sudo usermod -aG dialout $USER`, then log in again) or install a udev rule for it.",
            SerialPortError.Busy =>
                $"{path} is busy: another process or port object holds it exclusively{system}. " +
                $"Close the other program (serial monitor, ModemManager, another RobotEdge)" +
                (OperatingSystem.IsLinux() ? $"; `fuser -v {path}` shows who holds it." : "."),
            SerialPortError.NotATerminal =>
                $"{path} is not a serial device (not a tty){system}.",
            SerialPortError.UnsupportedBaudRate =>
                $"the driver of {path} rejected the requested baud rate{system}.",
            SerialPortError.Disconnected =>
                $"serial device {path} hung up{system} — was it unplugged?",
            _ => $"{operation} on {path} failed{system}.",
        };
    }

    /// <summary>Maps an <c>errno</c> from <c>open</c>/<c>ioctl</c>/<c>flock</c> to the kind of failure.</summary>
    internal static SerialPortError Classify(int errno) => errno switch
    {
        Interop.Errno.ENOENT or Interop.Errno.ENODEV or Interop.Errno.ENXIO or Interop.Errno.ENOTDIR => SerialPortError.DeviceNotFound,
        Interop.Errno.EACCES or Interop.Errno.EPERM => SerialPortError.PermissionDenied,
        Interop.Errno.EBUSY or Interop.Errno.EWOULDBLOCK => SerialPortError.Busy,
        Interop.Errno.ENOTTY => SerialPortError.NotATerminal,
        Interop.Errno.EIO => SerialPortError.Disconnected,
        _ => SerialPortError.IoError,
    };
}
