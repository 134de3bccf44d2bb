using RobotEdge.Bus.Clocks;

namespace RobotEdge.Edge.Serving.Connections;

/// <summary>
/// One task that looks at every tracked connection a few times per shortest timeout and enforces
/// the time limits no receive call can: a hello that never comes, a connection that sends no
/// complete message for the idle timeout (a silent socket, or a frame trickled a byte at a time),
/// and a robot that does not answer the server's close frame in time (its transport is dropped).
/// One sweep for all connections rather than a timer each: 500 connections cost one loop, not 500
/// timers. Normal-priority thread-pool work; never touches the executor.
/// </summary>
internal sealed class ConnectionWatchdog : IAsyncDisposable
{
    private readonly ConnectionTable _table;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts sweeping <paramref name="table"/> every <paramref name="period"/>.</summary>
    public ConnectionWatchdog(ConnectionTable table, TimeSpan period)
    {
        _table = table;
        Period = period;
        _loop = SweepLoopAsync();
    }

    /// <summary>Time between sweeps.</summary>
    public TimeSpan Period { get; }

    /// <summary>The period that enforces limits of <paramref name="shortestTimeoutMs"/> to within a quarter of it: 10 ms to 250 ms.</summary>
    public static TimeSpan PeriodFor(int shortestTimeoutMs) => TimeSpan.FromMilliseconds(Math.Clamp(shortestTimeoutMs / 4, 10, 250));

    /// <summary>One sweep: every connection checks its limits against the clock now.</summary>
    public void Sweep()
    {
        long nowNs = MonotonicClock.GetTimestampNs();
        foreach (RobotConnection connection in _table.All)
        {
            connection.EnforceTimeLimits(nowNs);
        }
    }

    private async Task SweepLoopAsync()
    {
        using var timer = new PeriodicTimer(Period);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Sweep();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Stops sweeping.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
