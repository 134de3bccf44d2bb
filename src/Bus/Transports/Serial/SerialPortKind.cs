namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// Which implementation drives a serial port: the bus URI's <c>?port=</c> option
/// (<c>termios</c> or <c>system</c>), or <see cref="Default"/> when the URI names none.
/// </summary>
public enum SerialPortKind
{
    /// <summary>Not chosen: <see cref="SerialPorts.Resolve"/> picks termios on Linux and System.IO.Ports elsewhere.</summary>
    Default = 0,

    /// <summary><see cref="LinuxSerialPort"/>: termios2, flock, FTDI latency timer, poll-bounded reads without allocation. Linux only.</summary>
    Termios,

    /// <summary><see cref="PortableSerialPort"/>: System.IO.Ports, on Windows, macOS and Linux.</summary>
    System,
}
