namespace RobotEdge.Bus.Transports.Serial;

/// <summary>Why a serial port (or pseudo-terminal) operation failed; see <see cref="SerialPortException"/>.</summary>
public enum SerialPortError
{
    /// <summary>Any other failure; the message carries the system error text.</summary>
    IoError = 0,

    /// <summary>The path does not exist or names no device (ENOENT, ENODEV, ENXIO): unplugged or misnamed.</summary>
    DeviceNotFound,

    /// <summary>The process may not open the device (EACCES, EPERM): typically not in the <c>dialout</c> group.</summary>
    PermissionDenied,

    /// <summary>Another process (or another port object) holds the device exclusively (EBUSY, or our flock).</summary>
    Busy,

    /// <summary>The path is not a terminal device (ENOTTY), e.g. a regular file or /dev/null.</summary>
    NotATerminal,

    /// <summary>The driver refused the requested baud rate (EINVAL from TCSETS2).</summary>
    UnsupportedBaudRate,

    /// <summary>The device hung up while open (USB adapter unplugged, pty peer closed).</summary>
    Disconnected,
}
