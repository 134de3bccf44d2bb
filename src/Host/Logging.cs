using Microsoft.Extensions.Logging;

namespace RobotEdge.Host;

/// <summary>Console logging for the CLI.</summary>
public static class Logging
{
    /// <summary>A logger factory writing single-line messages to standard error.</summary>
    public static ILoggerFactory CreateFactory(LogLevel minimum = LogLevel.Information) =>
        LoggerFactory.Create(b => b
            .SetMinimumLevel(minimum)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter((category, level) => level >= minimum));
}
