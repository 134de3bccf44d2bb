namespace RobotEdge.Host.Hosting;

/// <summary>
/// Decides, once per watchdog period, whether the robot may tell systemd it is alive: only when
/// the control loop's tick counter and the compute thread's pass counter have both advanced since
/// the previous decision. A stalled control loop or a hung compute stage stops the feeding, and
/// systemd's watchdog then restarts the service. Pure logic: one caller (the feeder's timer).
/// </summary>
public sealed class WatchdogGate
{
    /// <summary>Control ticks seen at the previous decision (0 before the first: a loop that never ticked is not fed).</summary>
    private long _lastControlTicks;

    /// <summary>Compute passes seen at the previous decision.</summary>
    private long _lastComputePasses;

    /// <summary>Whether both counters advanced since the previous call; remembers them for the next.</summary>
    /// <param name="controlTicks">Control ticks completed so far.</param>
    /// <param name="computePasses">Compute loop passes so far.</param>
    public bool ShouldFeed(long controlTicks, long computePasses)
    {
        bool alive = controlTicks > _lastControlTicks && computePasses > _lastComputePasses;
        _lastControlTicks = controlTicks;
        _lastComputePasses = computePasses;
        return alive;
    }
}
