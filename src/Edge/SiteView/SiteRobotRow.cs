namespace RobotEdge.Edge.SiteView;

/// <summary>
/// One robot as the site view shows it. Counts are the robot's own running totals from its newest
/// health report; rates are derived from them here, once, so the page and the tests read the same.
/// </summary>
/// <param name="Id">Robot id.</param>
/// <param name="Connected">Its connection to this server is open.</param>
/// <param name="Healthy">Connected, reporting (newest report younger than the staleness limit), not stopped by the safety layer, no actuator fault.</param>
/// <param name="State">One word for the page: healthy, stopped, faulted, silent (connected, no fresh report) or disconnected.</param>
/// <param name="RouteOnBoard">Frames routed on board from the start.</param>
/// <param name="RouteEdge">Frames routed to the edge only.</param>
/// <param name="RouteHedged">Frames routed both ways at once.</param>
/// <param name="Fallbacks">Edge-routed frames served on board (rejection, timeout, lost connection).</param>
/// <param name="EdgeShare">Fraction of routed frames that went to the edge (edge + hedged), 0..1; 0 before any frame.</param>
/// <param name="FramesCommanded">Frames whose first command went out.</param>
/// <param name="DeadlineHits">Of those, frames within the deadline.</param>
/// <param name="DeadlineMisses">Of those, frames later than the deadline.</param>
/// <param name="HitRate">DeadlineHits / FramesCommanded, 0..1; null before the first frame.</param>
/// <param name="LatencyP50Ms">End-to-end latency, median of recent frames, ms.</param>
/// <param name="LatencyP99Ms">End-to-end latency, 99th percentile of recent frames, ms.</param>
/// <param name="DeadlineMs">The robot's end-to-end deadline, ms.</param>
/// <param name="Mode">Safety mode: auto, manual or stopped ("" before the first report).</param>
/// <param name="StopCauses">Active stop causes ("" when none).</param>
/// <param name="FaultMask">Faulted joints, bit per joint.</param>
/// <param name="TaskId">The site task assigned to the robot, if any.</param>
/// <param name="ReportAgeMs">Age of the newest health report, ms; null when none has arrived.</param>
public sealed record SiteRobotRow(
    string Id,
    bool Connected,
    bool Healthy,
    string State,
    long RouteOnBoard,
    long RouteEdge,
    long RouteHedged,
    long Fallbacks,
    double EdgeShare,
    long FramesCommanded,
    long DeadlineHits,
    long DeadlineMisses,
    double? HitRate,
    double LatencyP50Ms,
    double LatencyP99Ms,
    double DeadlineMs,
    string Mode,
    string StopCauses,
    uint FaultMask,
    string? TaskId,
    double? ReportAgeMs);
