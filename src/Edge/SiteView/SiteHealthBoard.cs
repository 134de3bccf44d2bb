using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Site;

namespace RobotEdge.Edge.SiteView;

/// <summary>
/// The newest health report of every robot on the site, kept by robot index, and the aggregation
/// into the rows of the site view. Written by the robots' connection threads, read by the site
/// view's broadcast thread and the status endpoint. Thread-safe (one lock; never on a robot's hot
/// path — reports arrive a few times a second per robot).
/// </summary>
public sealed class SiteHealthBoard
{
    private readonly object _lock = new();
    private readonly RobotHealth?[] _reports;
    private readonly long[] _receivedNs;

    /// <summary>Creates the board for <paramref name="robots"/> robots (indices 0..robots−1).</summary>
    /// <param name="robots">Robots on the site.</param>
    /// <param name="staleAfterMs">A connected robot whose newest report is older than this is not healthy, ms.</param>
    public SiteHealthBoard(int robots, double staleAfterMs = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(robots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(staleAfterMs);
        _reports = new RobotHealth?[robots];
        _receivedNs = new long[robots];
        StaleAfterMs = staleAfterMs;
    }

    /// <summary>Report age beyond which a connected robot counts as silent, ms.</summary>
    public double StaleAfterMs { get; }

    /// <summary>Keeps <paramref name="report"/> (copied) as robot <paramref name="robot"/>'s newest. Any thread.</summary>
    /// <param name="robot">Robot index.</param>
    /// <param name="report">The report as received.</param>
    /// <param name="receivedNs">When it arrived, server monotonic clock, ns.</param>
    /// <exception cref="ArgumentException">A count is negative, or misses exceed commanded frames.</exception>
    public void Report(int robot, RobotHealth report, long receivedNs)
    {
        if (report.RouteOnBoard < 0 || report.RouteEdge < 0 || report.RouteHedged < 0 || report.Fallbacks < 0 ||
            report.FramesCommanded < 0 || report.DeadlineMisses < 0 || report.DeadlineMisses > report.FramesCommanded)
        {
            throw new ArgumentException($"inconsistent health report: commanded {report.FramesCommanded}, misses {report.DeadlineMisses}, " +
                $"routes {report.RouteOnBoard}/{report.RouteEdge}/{report.RouteHedged}, fallbacks {report.Fallbacks}");
        }

        RobotHealth copy = report.Clone();
        lock (_lock)
        {
            _reports[robot] = copy;
            _receivedNs[robot] = receivedNs;
        }
    }

    /// <summary>The newest report of robot <paramref name="robot"/> (a copy), or null when none has arrived.</summary>
    public RobotHealth? Latest(int robot)
    {
        lock (_lock)
        {
            return _reports[robot]?.Clone();
        }
    }

    /// <summary>
    /// The site view's rows, one per robot in <paramref name="site"/>'s order: connection and task
    /// from the site board, everything else from the robot's newest report.
    /// </summary>
    /// <param name="site">The site board's snapshot (same robot order as the registry).</param>
    /// <param name="nowNs">Now, server monotonic clock, ns.</param>
    public SiteRobotRow[] Rows(SiteSnapshot site, long nowNs)
    {
        var rows = new SiteRobotRow[site.Robots.Length];
        lock (_lock)
        {
            for (int i = 0; i < rows.Length; i++)
            {
                RobotHealth? h = i < _reports.Length ? _reports[i] : null;
                double? ageMs = h is null ? null : (nowNs - _receivedNs[i]) / 1e6;
                rows[i] = Row(site.Robots[i], h, ageMs, StaleAfterMs);
            }
        }

        return rows;
    }

    /// <summary>Builds one row (pure; the aggregation rules live here).</summary>
    internal static SiteRobotRow Row(SiteSnapshot.Robot robot, RobotHealth? h, double? reportAgeMs, double staleAfterMs)
    {
        h ??= new RobotHealth();
        long routed = h.RouteOnBoard + h.RouteEdge + h.RouteHedged;
        long hits = h.FramesCommanded - h.DeadlineMisses;
        bool fresh = reportAgeMs is { } age && age <= staleAfterMs;
        bool stopped = !string.IsNullOrEmpty(h.StopCauses) || h.SafetyMode == "stopped";
        bool faulted = h.FaultMask != 0 || robot.Faulted;
        string state = !robot.Connected ? "disconnected"
            : !fresh ? "silent"
            : faulted ? "faulted"
            : stopped ? "stopped"
            : "healthy";
        return new SiteRobotRow(
            robot.Id,
            robot.Connected,
            state == "healthy",
            state,
            h.RouteOnBoard,
            h.RouteEdge,
            h.RouteHedged,
            h.Fallbacks,
            routed == 0 ? 0 : (double)(h.RouteEdge + h.RouteHedged) / routed,
            h.FramesCommanded,
            hits,
            h.DeadlineMisses,
            h.FramesCommanded == 0 ? null : (double)hits / h.FramesCommanded,
            h.LatencyP50Ms,
            h.LatencyP99Ms,
            h.DeadlineMs,
            h.SafetyMode ?? "",
            h.StopCauses ?? "",
            h.FaultMask,
            robot.TaskId,
            reportAgeMs);
    }
}
