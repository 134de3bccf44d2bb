using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Control.Safety;

/// <summary>
/// Logs the safety layer's events off the control thread: drains <see cref="SafetySupervisor.Events"/>
/// (this is the ring's one reader) either on its own background thread (<see cref="Start"/>) or when
/// <see cref="Drain"/> is called, writes one log line per event with its cause and the state at the
/// time, and keeps the newest events for the console. Never call it from the control thread.
/// </summary>
public sealed partial class SafetyEventLog : IDisposable
{
    /// <summary>How many of the newest events <see cref="Recent"/> keeps.</summary>
    public const int RecentCapacity = 64;

    private const int PollIntervalMs = 10;

    private readonly SafetySupervisor _safety;
    private readonly ILogger _logger;
    private readonly Queue<SafetyEvent> _recent = new();
    private readonly object _recentLock = new();
    private readonly object _drainLock = new();
    private Thread? _thread;
    private volatile bool _stop;
    private long _logged;

    /// <summary>Creates the log for <paramref name="safety"/>'s events.</summary>
    public SafetyEventLog(SafetySupervisor safety, ILogger logger)
    {
        _safety = safety;
        _logger = logger;
    }

    /// <summary>Raised on the draining thread for every event, after it is logged.</summary>
    public event Action<SafetyEvent>? EventLogged;

    /// <summary>Events logged so far. Any thread.</summary>
    public long LoggedCount => Interlocked.Read(ref _logged);

    /// <summary>Starts the background thread that drains every 10 ms.</summary>
    public void Start()
    {
        if (_thread is not null)
        {
            return;
        }

        _thread = new Thread(Run) { Name = "robotedge-safety-log", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Logs every event waiting in the ring; returns how many. Any thread except the control thread; calls are serialised.</summary>
    public int Drain()
    {
        int count = 0;
        lock (_drainLock)
        {
            while (_safety.Events.TryRead(out SafetyEvent e))
            {
                Log(e);
                lock (_recentLock)
                {
                    if (_recent.Count == RecentCapacity)
                    {
                        _recent.Dequeue();
                    }

                    _recent.Enqueue(e);
                }

                Interlocked.Increment(ref _logged);
                EventLogged?.Invoke(e);
                count++;
            }
        }

        return count;
    }

    /// <summary>A copy of the newest events, oldest first. Any thread.</summary>
    public SafetyEvent[] Recent()
    {
        lock (_recentLock)
        {
            return _recent.ToArray();
        }
    }

    /// <summary>Formats joint values as <c>[a, b]</c> with four decimals.</summary>
    public static string FormatJoints(in JointVector values, int count)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(values[i].ToString("F4", CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }

    private void Log(in SafetyEvent e)
    {
        int n = e.State.JointCount;
        string q = FormatJoints(e.State.PositionsRad, n);
        string v = FormatJoints(e.State.VelocitiesRadPerS, n);
        string cmd = FormatJoints(e.CommandedVelocitiesRadPerS, n);
        double timeMs = e.TimestampNs * 1e-6;
        switch (e.Kind)
        {
            case SafetyEventKind.EmergencyStopLatched:
                LogEmergencyStop(_logger, e.Tick, timeMs, e.Detail * 1e-3, e.Mode, e.Causes, q, v, cmd);
                break;
            case SafetyEventKind.WatchdogExpired:
            case SafetyEventKind.ActuatorFault:
            case SafetyEventKind.FeedbackLost:
            case SafetyEventKind.OperatorLost:
                LogStop(_logger, e.Kind, e.Tick, timeMs, e.Detail, e.FaultMask, e.Mode, e.Causes, q, v, cmd);
                break;
            case SafetyEventKind.ModeChanged:
                LogModeChanged(_logger, (SafetyMode)e.Detail, e.Mode, e.Tick, timeMs, e.Causes, q, v);
                break;
            default:
                LogEvent(_logger, e.Kind, e.Tick, timeMs, e.Mode, e.Causes, e.FaultMask, q, v, cmd);
                break;
        }
    }

    private void Run()
    {
        while (!_stop)
        {
            Drain();
            Thread.Sleep(PollIntervalMs);
        }

        Drain();
    }

    /// <summary>Stops the background thread after a last drain.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread?.Join();
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Safety: E-STOP latched at tick {Tick} ({TimeMs:F1} ms), first stop command {LatencyUs:F1} us after the request; mode {Mode}, causes {Causes}; joints q={Positions} rad, v={Velocities} rad/s, last command v={Commanded} rad/s")]
    private static partial void LogEmergencyStop(ILogger logger, long tick, double timeMs, double latencyUs, SafetyMode mode, StopCauses causes,
        string positions, string velocities, string commanded);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning,
        Message = "Safety: stop, {Kind} at tick {Tick} ({TimeMs:F1} ms), detail {Detail}, fault mask 0x{FaultMask:X}; mode {Mode}, causes {Causes}; joints q={Positions} rad, v={Velocities} rad/s, last command v={Commanded} rad/s")]
    private static partial void LogStop(ILogger logger, SafetyEventKind kind, long tick, double timeMs, long detail, int faultMask, SafetyMode mode,
        StopCauses causes, string positions, string velocities, string commanded);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information,
        Message = "Safety: mode {Previous} -> {Mode} at tick {Tick} ({TimeMs:F1} ms); causes {Causes}; joints q={Positions} rad, v={Velocities} rad/s")]
    private static partial void LogModeChanged(ILogger logger, SafetyMode previous, SafetyMode mode, long tick, double timeMs, StopCauses causes,
        string positions, string velocities);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information,
        Message = "Safety: {Kind} at tick {Tick} ({TimeMs:F1} ms); mode {Mode}, causes {Causes}, fault mask 0x{FaultMask:X}; joints q={Positions} rad, v={Velocities} rad/s, last command v={Commanded} rad/s")]
    private static partial void LogEvent(ILogger logger, SafetyEventKind kind, long tick, double timeMs, SafetyMode mode, StopCauses causes,
        int faultMask, string positions, string velocities, string commanded);
}
