namespace RobotEdge.Bus.Transports.Serial;

/// <summary>
/// How <see cref="LinuxSerialPort.Open"/> sets up a port beyond its path and baud rate. The line is
/// always raw 8N1 without flow control (what servo buses and USB-CAN adapters use).
/// </summary>
public sealed class SerialPortOptions
{
    /// <summary>The defaults: 100 ms write timeout, exclusive, FTDI latency timer lowered to 1 ms, no log.</summary>
    public static SerialPortOptions Default { get; } = new();

    /// <summary>
    /// Longest time, in milliseconds, one <see cref="LinuxSerialPort.Write"/> waits for room in the
    /// output buffer before returning a short count. 0 never waits. Default 100 ms.
    /// </summary>
    public int WriteTimeoutMs { get; init; } = 100;

    /// <summary>
    /// Hold the port exclusively: <c>flock(LOCK_EX)</c> (binds every process, root included) plus
    /// <c>TIOCEXCL</c> (refuses further opens by programs that do not use flock, except root).
    /// Default true.
    /// </summary>
    public bool Exclusive { get; init; } = true;

    /// <summary>
    /// Set the FTDI USB latency timer (<c>/sys/class/tty/&lt;name&gt;/device/latency_timer</c>) to 1 ms
    /// where the device exposes one. FTDI chips otherwise hold received bytes for up to 16 ms, which
    /// alone breaks a 1 kHz servo loop. Default true.
    /// </summary>
    public bool SetLowLatencyTimer { get; init; } = true;

    /// <summary>
    /// Receives one line per notable event at open (latency timer changed or not settable, baud rate
    /// rounded by the driver). Called on the thread that calls <see cref="LinuxSerialPort.Open"/>;
    /// never called from Read/Write. Null: no messages. Keeps the Bus project free of logging packages.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Where the tty class lives in sysfs; tests point it at a temporary directory. Default
    /// <c>/sys/class/tty</c>.
    /// </summary>
    public string SysfsTtyClassPath { get; init; } = "/sys/class/tty";
}
