using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RobotEdge.Edge.Tests.Support;

/// <summary>Keeps every formatted log line, so tests can check that a refusal was logged with its reason.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(Lines);

    public void Dispose()
    {
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
