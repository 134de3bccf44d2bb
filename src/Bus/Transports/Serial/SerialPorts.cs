namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// Opens a serial port with the implementation a <see cref="SerialPortKind"/> names: the one place
/// that maps the bus URI's <c>?port=</c> option to a transport.
/// </summary>
public static class SerialPorts
{
    /// <summary>
    /// The implementation <paramref name="kind"/> stands for on this OS: <see cref="SerialPortKind.Termios"/>
    /// on Linux and <see cref="SerialPortKind.System"/> elsewhere for <see cref="SerialPortKind.Default"/>;
    /// any other value as given. Pure; any thread.
    /// </summary>
    public static SerialPortKind Resolve(SerialPortKind kind) =>
        kind != SerialPortKind.Default ? kind : OperatingSystem.IsLinux() ? SerialPortKind.Termios : SerialPortKind.System;

    /// <summary>
    /// Opens <paramref name="path"/> at <paramref name="baudRate"/> with the implementation of
    /// <paramref name="kind"/> (after <see cref="Resolve"/>). Blocking; start-up or reconnect only,
    /// never from the control loop.
    /// </summary>
    /// <returns>The open port; the caller owns it.</returns>
    /// <exception cref="SerialPortException">The port is missing, busy, not permitted, not a serial device, or refused the rate.</exception>
    /// <exception cref="PlatformNotSupportedException"><see cref="SerialPortKind.Termios"/> asked for on an OS other than Linux.</exception>
    public static IByteStream Open(SerialPortKind kind, string path, int baudRate, SerialPortOptions? options = null) =>
        Resolve(kind) switch
        {
            SerialPortKind.Termios => OperatingSystem.IsLinux()
                ? LinuxSerialPort.Open(path, baudRate, options)
                : throw new PlatformNotSupportedException($"serial port {path}: port=termios exists only on Linux; use port=system (System.IO.Ports) on this OS"),
            _ => PortableSerialPort.Open(path, baudRate, options),
        };
}
