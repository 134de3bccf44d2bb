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

    /// <summary>Largest count a report may carry: 2⁵³, the largest integer the site view's JavaScript holds exactly.</summary>
    public const long MaxCount = 1L << 53;

    /// <summary>Largest latency or deadline a report may carry, ms (a minute: far beyond any frame's deadline).</summary>
    public const double MaxTimeMs = 60_000;

    /// <summary>Longest stop-cause list a report may carry, characters.</summary>
    public const int MaxStopCausesLength = 256;

    private long _refusedReports;

    /// <summary>Reports refused by <see cref="Report"/> so far (non-finite, out of range, inconsistent).</summary>
    public long RefusedReports => Interlocked.Read(ref _refusedReports);

    /// <summary>
    /// Keeps <paramref name="report"/> (copied) as robot <paramref name="robot"/>'s newest. Any
    /// thread. A report that fails <see cref="Check"/> is refused (counted; the robot's previous
    /// report stays): one robot's numbers must never break the status endpoint or the site view
    /// (a NaN once made <c>/status</c> answer 500 for everyone and killed the view's broadcast).
    /// </summary>
    /// <param name="robot">Robot index.</param>
    /// <param name="report">The report as received.</param>
    /// <param name="receivedNs">When it arrived, server monotonic clock, ns.</param>
    /// <exception cref="ArgumentException">The report was refused; the message names the field and why.</exception>
    public void Report(int robot, RobotHealth report, long receivedNs)
    {
        if (Check(report) is string problem)
        {
            Interlocked.Increment(ref _refusedReports);
            throw new ArgumentException(problem);
        }

        RobotHealth copy = report.Clone();
        lock (_lock)
        {
            _reports[robot] = copy;
            _receivedNs[robot] = receivedNs;
        }
    }

    /// <summary>
    /// Why <paramref name="report"/> cannot be shown, naming the field, or null when it can: counts
    /// in 0..<see cref="MaxCount"/> with misses ≤ frames commanded; latencies and the deadline finite
    /// in 0..<see cref="MaxTimeMs"/>; the safety mode empty, auto, manual or stopped; stop causes at
    /// most <see cref="MaxStopCausesLength"/> printable characters. Pure.
    /// </summary>
    public static string? Check(RobotHealth report) =>
        CheckCount(report.RouteOnBoard, "routeOnBoard")
        ?? CheckCount(report.RouteEdge, "routeEdge")
        ?? CheckCount(report.RouteHedged, "routeHedged")
        ?? CheckCount(report.Fallbacks, "fallbacks")
        ?? CheckCount(report.FramesCommanded, "framesCommanded")
        ?? CheckCount(report.DeadlineMisses, "deadlineMisses")
        ?? (report.DeadlineMisses > report.FramesCommanded
            ? $"health report: deadlineMisses {report.DeadlineMisses} exceed framesCommanded {report.FramesCommanded}"
            : null)
        ?? CheckTime(report.LatencyP50Ms, "latencyP50Ms")
        ?? CheckTime(report.LatencyP99Ms, "latencyP99Ms")
        ?? CheckTime(report.DeadlineMs, "deadlineMs")
        ?? (report.SafetyMode is null or "" or "auto" or "manual" or "stopped"
            ? null
            : $"health report: safetyMode must be auto, manual or stopped ({Describe(report.SafetyMode)})")
        ?? CheckText(report.StopCauses, "stopCauses", MaxStopCausesLength);

    private static string? CheckCount(long value, string field) =>
        value is >= 0 and <= MaxCount ? null : $"health report: {field} {value} is outside 0..2^53";

    private static string? CheckTime(double valueMs, string field) =>
        double.IsFinite(valueMs) && valueMs >= 0 && valueMs <= MaxTimeMs ? null : $"health report: {field} {valueMs} ms is not a finite time in 0..{MaxTimeMs} ms";

    private static string? CheckText(string? value, string field, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return $"health report: {field} is {value.Length} characters long, at most {maxLength}";
        }

        foreach (char c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                return $"health report: {field} holds a control character (U+{(int)c:X4})";
            }
        }

        return null;
    }

    /// <summary>A robot-supplied string for a refusal: its length only when it could hold anything unprintable.</summary>
    private static string Describe(string value) =>
        value.Length <= 16 && value.All(c => c is >= ' ' and <= '~') ? $"found '{value}'" : $"found {value.Length} characters";

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
