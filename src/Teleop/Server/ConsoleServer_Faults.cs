using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace RobotEdge.Teleop.Server;

public sealed partial class ConsoleServer
{
    /// <summary>
    /// The fault barrier of every console thread and connection: an exception that is not one of a
    /// network connection's expected endings is reported to <see cref="ConsoleOptions.Faults"/>
    /// (the run's single fault path, which stops the robot) and logged in one line. Any thread.
    /// </summary>
    private void ReportFault(string thread, Exception e)
    {
        LogFault(_logger, thread, e.GetType().Name, e.Message);
        _options.Faults?.ReportFault(thread, e);
    }

    /// <summary>How a page's connection may end without anything being wrong: it closed, broke or the server stops.</summary>
    private static bool IsConnectionEnding(Exception e) =>
        e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException;

    [LoggerMessage(EventId = 5211, Level = LogLevel.Error, Message = "Console: the {Thread} failed ({Type}: {Reason}); the robot is being stopped")]
    private static partial void LogFault(ILogger logger, string thread, string type, string reason);
}
