using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Control.Safety;
using RobotEdge.Perception.Offload;

namespace RobotEdge.Host.Telemetry;

/// <summary>
/// The robot's health as the site view shows it, gathered off the hot path: the telemetry thread
/// publishes the current run's deadline counts and recent end-to-end latencies here (lock-free,
/// no allocation), and the edge client's report task reads them with the offload counters and the
/// safety layer's published state into a <see cref="RobotHealth"/> message.
/// </summary>
/// <remarks>
/// Writer: one telemetry thread (<see cref="RecordCommand"/>, <see cref="BeginRun"/>). Reader: any
/// one other thread (<see cref="Fill"/>). Each value is read atomically; a report may mix values a
/// few frames apart, which the next report corrects (every count is a running total).
/// </remarks>
public sealed class HealthBoard
{
    /// <summary>Recent end-to-end latencies kept for the percentiles.</summary>
    public const int RecentCapacity = 256;

    private readonly double[] _recentMs = new double[RecentCapacity];
    private readonly double[] _scratchMs = new double[RecentCapacity];
    private readonly SafetySupervisor _safety;
    private readonly OffloadCounters? _routes;
    private readonly double _deadlineMs;
    private long _commanded, _misses;

    /// <summary>Creates the board of a robot with the given safety layer, offload counters (null: on board only) and deadline.</summary>
    public HealthBoard(SafetySupervisor safety, OffloadCounters? routes, double deadlineMs)
    {
        _safety = safety;
        _routes = routes;
        _deadlineMs = deadlineMs;
    }

    /// <summary>Frames whose first command went out in the current run.</summary>
    public long FramesCommanded => Volatile.Read(ref _commanded);

    /// <summary>Of those, frames later than the deadline.</summary>
    public long DeadlineMisses => Volatile.Read(ref _misses);

    /// <summary>Starts a new run's counts. Telemetry thread, before the run's first record.</summary>
    public void BeginRun()
    {
        Volatile.Write(ref _commanded, 0);
        Volatile.Write(ref _misses, 0);
    }

    /// <summary>Counts one frame's first command. Telemetry thread only; no allocation, no lock.</summary>
    /// <param name="endToEndMs">Capture → first command, ms.</param>
    /// <param name="missed">Whether it was later than the deadline.</param>
    public void RecordCommand(double endToEndMs, bool missed)
    {
        long n = _commanded;
        _recentMs[n % RecentCapacity] = endToEndMs;
        if (missed)
        {
            Volatile.Write(ref _misses, _misses + 1);
        }

        // Release: the sample and the miss are visible before the count that covers them.
        Volatile.Write(ref _commanded, n + 1);
    }

    /// <summary>Writes the current health into <paramref name="report"/>. One reader thread at a time; never the robot's threads.</summary>
    public void Fill(RobotHealth report)
    {
        long commanded = Volatile.Read(ref _commanded);
        report.FramesCommanded = commanded;
        report.DeadlineMisses = Volatile.Read(ref _misses);
        report.DeadlineMs = _deadlineMs;
        int n = (int)Math.Min(commanded, RecentCapacity);
        Array.Copy(_recentMs, _scratchMs, n);
        Array.Sort(_scratchMs, 0, n);
        report.LatencyP50Ms = n == 0 ? 0 : _scratchMs[(int)Math.Min(n - 1, Math.Ceiling(0.50 * n) - 1)];
        report.LatencyP99Ms = n == 0 ? 0 : _scratchMs[(int)Math.Min(n - 1, Math.Ceiling(0.99 * n) - 1)];

        if (_routes is { } r)
        {
            report.RouteOnBoard = Volatile.Read(ref r.OnBoard);
            report.RouteEdge = Volatile.Read(ref r.EdgeServed) + Volatile.Read(ref r.FallbackRejected) + Volatile.Read(ref r.FallbackTimeout) + Volatile.Read(ref r.FallbackDisconnected);
            report.RouteHedged = Volatile.Read(ref r.HedgedEdgeWins) + Volatile.Read(ref r.HedgedOnBoardWins);
            report.Fallbacks = r.Fallbacks;
        }

        report.SafetyMode = _safety.Mode.ToString().ToLowerInvariant();
        StopCauses causes = _safety.Causes;
        report.StopCauses = causes == StopCauses.None ? "" : causes.ToString();
        report.FaultMask = (uint)_safety.FaultMask;
    }
}
