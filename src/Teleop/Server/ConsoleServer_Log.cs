using Microsoft.Extensions.Logging;
using RobotEdge.Control.Safety;

namespace RobotEdge.Teleop.Server;

public sealed partial class ConsoleServer
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Operator console at {Address} (operators: {Operators})")]
    private static partial void LogListening(ILogger logger, Uri address, string operators);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "The operator console listens on {Address}, which is not a loopback address: it is reachable from the network")]
    private static partial void LogExposed(ILogger logger, Uri address);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Information, Message = "Console: {Operator} signed in")]
    private static partial void LogSignedIn(ILogger logger, string @operator);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Console: connection closed before sign-in (first message '{Type}', name '{Name}')")]
    private static partial void LogRejected(ILogger logger, string type, string name);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "Console: E-STOP pressed by {Operator}")]
    private static partial void LogEmergencyStop(ILogger logger, string @operator);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Information, Message = "Console: {Operator} took control")]
    private static partial void LogLeaseTaken(ILogger logger, string @operator);

    [LoggerMessage(EventId = 5207, Level = LogLevel.Information, Message = "Console: {Operator} released control")]
    private static partial void LogLeaseReleased(ILogger logger, string @operator);

    [LoggerMessage(EventId = 5208, Level = LogLevel.Warning, Message = "Console: the connection of {Operator}, who held control, was lost; the safety layer stops the robot when the heartbeats do not come, and it stays stopped until an operator resets it")]
    private static partial void LogLeaseAbandoned(ILogger logger, string @operator);

    [LoggerMessage(EventId = 5209, Level = LogLevel.Information, Message = "Console: {Operator} asked for mode {Mode}")]
    private static partial void LogModeRequested(ILogger logger, string @operator, SafetyMode mode);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Warning, Message = "Console: {Operator} reset the latched stop ({Causes})")]
    private static partial void LogReset(ILogger logger, string @operator, StopCauses causes);
}
