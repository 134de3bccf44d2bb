using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Hosting;

/// <summary>
/// Feeds systemd's watchdog (<c>WatchdogSec=</c> in the unit, <c>WATCHDOG_USEC</c> in the
/// environment) from the control loop's health: every half interval, on a thread-pool timer (never
/// a robot thread), it sends <c>WATCHDOG=1</c> if <see cref="WatchdogGate"/> sees the loop's
/// counters advancing. Does nothing when the variable is absent or names another process.
/// </summary>
public sealed partial class SystemdWatchdog : BackgroundService
{
    /// <summary>The environment variable holding the watchdog interval, µs.</summary>
    public const string IntervalVariable = "WATCHDOG_USEC";

    /// <summary>The environment variable naming the process the watchdog is meant for (absent: this one).</summary>
    public const string PidVariable = "WATCHDOG_PID";

    /// <summary>The running robot's heartbeat (its rig's), or null before the robot is built: not fed then.</summary>
    private readonly Func<LoopHeartbeat?> _heartbeat;
    private readonly ISystemdNotifier? _notifier;
    private readonly ILogger _logger;

    /// <summary>Feeds the watchdog from the heartbeat <paramref name="heartbeat"/> returns; without <paramref name="notifier"/> (not under systemd) it does nothing.</summary>
    public SystemdWatchdog(Func<LoopHeartbeat?> heartbeat, ILogger<SystemdWatchdog> logger, ISystemdNotifier? notifier = null)
    {
        _heartbeat = heartbeat;
        _notifier = notifier;
        _logger = logger;
    }

    /// <summary>
    /// Reads the watchdog interval systemd set: <paramref name="usec"/> from <c>WATCHDOG_USEC</c>
    /// (positive µs), meant for this process unless <paramref name="pid"/> (<c>WATCHDOG_PID</c>)
    /// names another.
    /// </summary>
    /// <exception cref="FormatException">A variable is set but not a positive integer.</exception>
    public static bool TryGetInterval(string? usec, string? pid, int processId, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        if (string.IsNullOrEmpty(usec))
        {
            return false;
        }

        if (!long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out long microseconds) || microseconds <= 0)
        {
            throw new FormatException($"{IntervalVariable} is '{usec}': expected a positive number of microseconds");
        }

        if (!string.IsNullOrEmpty(pid))
        {
            if (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out int target))
            {
                throw new FormatException($"{PidVariable} is '{pid}': expected a process id");
            }

            if (target != processId)
            {
                return false;
            }
        }

        interval = TimeSpan.FromMicroseconds(microseconds);
        return true;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_notifier is not { IsEnabled: true }
            || !TryGetInterval(Environment.GetEnvironmentVariable(IntervalVariable), Environment.GetEnvironmentVariable(PidVariable), Environment.ProcessId, out TimeSpan interval))
        {
            return;
        }

        TimeSpan period = interval / 2;
        LogWatchdog(_logger, interval.TotalSeconds, period.TotalSeconds);
        var gate = new WatchdogGate();
        bool fed = false;
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                LoopHeartbeat? heartbeat = _heartbeat();
                long ticks = heartbeat?.ControlTicks ?? 0;
                long passes = heartbeat?.ComputePasses ?? 0;
                if (gate.ShouldFeed(ticks, passes))
                {
                    _notifier.Notify(new ServiceState("WATCHDOG=1"));
                    fed = true;
                }
                else if (fed)
                {
                    fed = false;
                    LogStalled(_logger, ticks, passes);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: the watchdog is no longer fed, as systemd expects of a stopping service.
        }
    }

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "systemd watchdog every {IntervalS:F1} s: fed every {PeriodS:F1} s while the control loop and compute stage advance")]
    private static partial void LogWatchdog(ILogger logger, double intervalS, double periodS);

    [LoggerMessage(EventId = 12, Level = LogLevel.Error, Message = "robot loop stalled (control ticks {Ticks}, compute passes {Passes} not advancing): systemd's watchdog is no longer fed")]
    private static partial void LogStalled(ILogger logger, long ticks, long passes);
}
