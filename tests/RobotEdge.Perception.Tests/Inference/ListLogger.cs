using Microsoft.Extensions.Logging;

namespace RobotEdge.Perception.Tests.Inference;

/// <summary>Collects formatted log lines with their event ids and levels.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly List<(int Id, LogLevel Level, string Text)> _lines = [];

    public IReadOnlyList<(int Id, LogLevel Level, string Text)> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
