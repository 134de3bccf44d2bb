using Microsoft.Extensions.Logging;

namespace RobotEdge.Control.Buses;

/// <summary>
/// The buses' log lines (event ids 5301–5319). Every one of them is written on a change (a port
/// that stops or starts opening, a new reason, hardware error bits that change, a thread that
/// dies), never once per cycle: a bus that keeps failing the same way logs it once. Called from the
/// bus's I/O thread or the thread that builds the bus; allocates, so never from the control loop.
/// </summary>
internal static partial class BusLog
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning,
        Message = "{Bus}: cannot open the port: {Reason} (retrying every {IntervalMs} ms; said once until the reason changes)")]
    public static partial void PortOpenFailed(ILogger logger, string bus, string reason, int intervalMs);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Information, Message = "{Bus}: port open again after {Failures} failed attempt(s)")]
    public static partial void PortReopened(ILogger logger, string bus, long failures);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Warning, Message = "{Bus}: the port failed: {Reason}; every joint on it is faulted until it reopens")]
    public static partial void PortFailed(ILogger logger, string bus, string reason);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Warning, Message = "{Bus}: joint {Joint} ({Device}) reports a hardware error: {Text}")]
    public static partial void HardwareError(ILogger logger, string bus, int joint, string device, string text);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Information, Message = "{Bus}: joint {Joint} ({Device}) hardware error cleared")]
    public static partial void HardwareErrorCleared(ILogger logger, string bus, int joint, string device);

    [LoggerMessage(EventId = 5306, Level = LogLevel.Information, Message = "{Bus}: {Note}")]
    public static partial void PortNote(ILogger logger, string bus, string note);

    [LoggerMessage(EventId = 5307, Level = LogLevel.Critical, Message = "{Bus}: the I/O thread stopped on an unexpected error: {Reason}")]
    public static partial void IoThreadFailed(ILogger logger, string bus, string reason, Exception exception);

    [LoggerMessage(EventId = 5308, Level = LogLevel.Information, Message = "{Bus}: energised ({What})")]
    public static partial void Energized(ILogger logger, string bus, string what);

    [LoggerMessage(EventId = 5309, Level = LogLevel.Warning, Message = "{Bus}: the CAN link failed: {Reason} (said once until the reason changes)")]
    public static partial void LinkFailed(ILogger logger, string bus, string reason);

    [LoggerMessage(EventId = 5310, Level = LogLevel.Information, Message = "{Bus}: the CAN link works again")]
    public static partial void LinkRecovered(ILogger logger, string bus);
}
