using System.Globalization;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Transports;
using RobotEdge.Bus.Transports.Serial;

namespace RobotEdge.Control.Buses;

/// <summary>
/// What the bus tells people: fault texts for the console (<see cref="JointFaultText"/>) and log
/// lines for changes of the port's state and of the servos' hardware error bits. Log lines are
/// written on the cycle thread only when something changed, so a port that fails the same way every
/// 500 ms is reported once, and steady cycles write nothing (and allocate nothing).
/// </summary>
public sealed partial class SerialServoBus
{
    /// <summary>Written by the cycle thread, read by any: why the port is closed (open or I/O failure), or null while it is open.</summary>
    private string? _portFailure;

    /// <summary>Cycle thread: the reason of the last failed opening that was logged; null after a success.</summary>
    private string? _loggedOpenFailure;

    /// <summary>Cycle thread: failed openings since the port was last open.</summary>
    private long _failedOpenings;

    /// <summary>
    /// The words for joint <paramref name="joint"/>'s fault, or null while it has none (stale feedback
    /// alone is not a fault): "not answering (id 3, 5 replies missed)", "not answering: the port is
    /// closed (… busy …)", "hardware error: overload, overheating", or both joined by "; ". Any
    /// thread; allocates the text, so for the console and logs, never for the loop.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="joint"/> is not a joint index.</exception>
    public string? JointFaultText(int joint)
    {
        if (!TryGetFault(joint, out JointFault fault) || !fault.IsFault)
        {
            return null;
        }

        string? silence = null;
        if ((fault.Flags & JointFaultFlags.NoReply) != 0)
        {
            silence = Volatile.Read(ref _portFailure) is { } port
                ? $"not answering: the port is closed ({port})"
                : string.Create(CultureInfo.InvariantCulture, $"not answering (id {_joints[joint].ServoId}, {fault.ConsecutiveMissedReplies} replies missed)");
        }

        string? hardware = (fault.Flags & JointFaultFlags.HardwareError) != 0 && fault.HardwareErrorText.Length != 0
            ? $"hardware error: {fault.HardwareErrorText}"
            : null;
        return silence is not null && hardware is not null ? $"{silence}; {hardware}" : silence ?? hardware;
    }

    /// <summary>The default way to open the configured port, with the port's notes at open (FTDI latency timer, baud rate) sent to the bus's log.</summary>
    private static Func<IByteStream> CreateOpener(ServoBusConfig config, ILogger? logger, SerialPortOptions? portOptions)
    {
        ArgumentNullException.ThrowIfNull(config);
        SerialPortOptions given = portOptions ?? SerialPortOptions.Default;
        string name = NameOf(config);
        SerialPortOptions options = new()
        {
            WriteTimeoutMs = given.WriteTimeoutMs,
            Exclusive = given.Exclusive,
            SetLowLatencyTimer = given.SetLowLatencyTimer,
            SysfsTtyClassPath = given.SysfsTtyClassPath,
            Log = logger is null ? null : note => BusLog.PortNote(logger, name, note),
        };
        return () => SerialPorts.Open(config.PortKind, config.PortPath, config.BaudRate, options);
    }

    private static string NameOf(ServoBusConfig config) =>
        $"{(config.Protocol == ServoProtocol.DynamixelX ? "dynamixel" : "feetech")} bus {config.PortPath}";

    /// <summary>Cycle thread (or <see cref="Connect"/>): takes a freshly opened port into use.</summary>
    private void OnPortOpened(IByteStream port)
    {
        Volatile.Write(ref _port, port);
        if (_everConnected)
        {
            Volatile.Write(ref _reconnectCount, _reconnectCount + 1);
        }

        if (_failedOpenings > 0)
        {
            BusLog.PortReopened(_logger, _name, _failedOpenings);
        }

        _everConnected = true;
        _failedOpenings = 0;
        _loggedOpenFailure = null;
        Volatile.Write(ref _portFailure, null);
        _torquePending = true;
        _adapter.DiscardBuffered();
    }

    /// <summary>Cycle thread: an opening failed; logged when the reason differs from the last one logged.</summary>
    private void OnOpenFailed(IOException e)
    {
        // No port, no servo: every joint is not answering, also before the first successful open.
        MarkAllDisconnected();
        _failedOpenings++;
        Volatile.Write(ref _portFailure, e.Message);
        if (!string.Equals(e.Message, _loggedOpenFailure, StringComparison.Ordinal))
        {
            _loggedOpenFailure = e.Message;
            BusLog.PortOpenFailed(_logger, _name, e.Message, _config.ReconnectIntervalMs);
        }
    }

    /// <summary>Cycle thread: the open port failed (unplugged); logged once, the reopening attempts then report their own reasons.</summary>
    private void OnPortFailed(IOException e)
    {
        Volatile.Write(ref _portFailure, e.Message);
        _loggedOpenFailure = null;
        BusLog.PortFailed(_logger, _name, e.Message);
    }

    /// <summary>Cycle thread: joint <paramref name="joint"/>'s hardware error text changed from <paramref name="previous"/>.</summary>
    private void OnHardwareTextChanged(int joint, string previous, string text)
    {
        string device = string.Create(CultureInfo.InvariantCulture, $"id {_joints[joint].ServoId}");
        if (text.Length != 0)
        {
            BusLog.HardwareError(_logger, _name, joint, device, text);
        }
        else if (previous.Length != 0)
        {
            BusLog.HardwareErrorCleared(_logger, _name, joint, device);
        }
    }
}
