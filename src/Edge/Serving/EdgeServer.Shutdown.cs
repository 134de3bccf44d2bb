using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;

namespace RobotEdge.Edge.Serving;

/// <summary>
/// Stopping the server (SIGTERM and Ctrl+C reach it through the host's <c>StopAsync</c>): no new
/// robot is admitted (503), requests arriving from now on are answered <c>SHUTTING_DOWN</c>, the
/// executor gets half the grace period to answer what it holds, whatever it has not answered then
/// is answered <c>SHUTTING_DOWN</c>, every connection gets its queued answers and then a close
/// frame (1001, going away), and the robots have the rest of the grace period to answer it before
/// their transports are dropped. Robots fall back on board at the close and reconnect with backoff.
/// </summary>
public sealed partial class EdgeServer
{
    /// <summary>How often the shutdown looks whether the executor has answered everything, or the robots have closed.</summary>
    private static readonly TimeSpan ShutdownPollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Lock _stopGate = new();

    /// <summary>1 once the shutdown began; set with a full fence (see <see cref="AcceptRobotAsync"/>).</summary>
    private int _shuttingDown;

    /// <summary>The one shutdown; later callers await it.</summary>
    private Task? _stopping;

    /// <summary>Whether the server is shutting down: it admits no robot and runs no new request.</summary>
    public bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    /// <summary>
    /// The shutdown's first step, on its own for a server being drained (a load balancer taking it
    /// out): from now on no robot is admitted (503) and every request is answered
    /// <c>SHUTTING_DOWN</c>, while the connections stay open until <see cref="StopAsync"/>. Any
    /// thread; idempotent.
    /// </summary>
    public void StopAdmitting()
    {
        // A full fence: an upgrade admitted after this reads the flag after its admission (AcceptRobotAsync).
        Interlocked.Exchange(ref _shuttingDown, 1);
    }

    /// <summary>
    /// Shuts down within about <paramref name="grace"/>: drains, answers, closes every connection
    /// with a close frame, stops listening, releases the model. <see cref="TimeSpan.Zero"/> drops
    /// every connection at once instead. Any thread; a second call returns the first one's task.
    /// </summary>
    public Task StopAsync(TimeSpan grace)
    {
        lock (_stopGate)
        {
            return _stopping ??= ShutDownAsync(grace);
        }
    }

    private async Task ShutDownAsync(TimeSpan grace)
    {
        long startNs = MonotonicClock.GetTimestampNs();
        long graceNs = Math.Max(0, (long)grace.TotalMilliseconds * 1_000_000);
        StopAdmitting();
        int tracked = ConnectionTable.Count;
        LogShuttingDown(_logger, tracked, RequestsInFlight(), (long)grace.TotalMilliseconds);
        if (graceNs == 0)
        {
            foreach (RobotConnection c in ConnectionTable.All)
            {
                c.Abort();
            }
        }

        // The executor answers what it holds, by each request's deadline at the latest; half the
        // grace is the most it gets, the rest is the robots' to close.
        while (RequestsInFlight() > 0 && MonotonicClock.GetTimestampNs() - startNs < graceNs / 2)
        {
            await Task.Delay(ShutdownPollInterval).ConfigureAwait(false);
        }

        // Joins the executor's thread: the batch it is running finishes and is answered.
        Executor.Dispose();
        int answered = 0;
        foreach (RobotConnection c in ConnectionTable.All)
        {
            answered += c.CloseForShutdown();
        }

        while (ConnectionTable.Count > 0 && MonotonicClock.GetTimestampNs() - startNs < graceNs)
        {
            await Task.Delay(ShutdownPollInterval).ConfigureAwait(false);
        }

        int dropped = 0;
        foreach (RobotConnection c in ConnectionTable.All)
        {
            // Past the grace period: a robot that has not answered the close is dropped.
            c.Abort();
            dropped++;
        }

        long leftNs = Math.Max(0, graceNs - (MonotonicClock.GetTimestampNs() - startNs));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(leftNs / 1_000_000)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Past the grace period: Kestrel aborted what was left.
            }
        }

        await _watchdog.DisposeAsync().ConfigureAwait(false);
        if (View is not null)
        {
            await View.DisposeAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        Model.Dispose();
        LogShutDown(_logger, tracked, answered, dropped, (MonotonicClock.GetTimestampNs() - startNs) / 1_000_000);
    }

    private int RequestsInFlight()
    {
        int n = 0;
        foreach (RobotConnection c in ConnectionTable.All)
        {
            n += c.RequestsInFlight;
        }

        return n;
    }

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Shutting down: {Connections} robot connections, {InFlight} requests in flight, grace {GraceMs} ms")]
    private static partial void LogShuttingDown(ILogger logger, int connections, int inFlight, long graceMs);

    [LoggerMessage(EventId = 405, Level = LogLevel.Information, Message = "Shut down: {Connections} connections closed, {Answered} requests answered SHUTTING_DOWN at the close, {Dropped} robots dropped without a closing handshake, in {ElapsedMs} ms")]
    private static partial void LogShutDown(ILogger logger, int connections, int answered, int dropped, long elapsedMs);

    /// <summary>
    /// The web host's lifetime when the server's owner decides when it stops: it waits for nothing
    /// at start and registers no signal handler (the default console lifetime would catch SIGTERM
    /// and Ctrl+C itself and stop the web host without the drain).
    /// </summary>
    private sealed class OwnerManagedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
