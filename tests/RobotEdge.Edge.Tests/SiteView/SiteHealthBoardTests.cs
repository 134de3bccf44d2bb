using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Safety;
using RobotEdge.Edge.Site;
using RobotEdge.Edge.SiteView;
using RobotEdge.Host.Telemetry;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.Edge.Tests.SiteView;

/// <summary>The site view's aggregation of robot health reports, and the robot side that fills them.</summary>
public class SiteHealthBoardTests
{
    private const long Ms = 1_000_000;

    private static SiteSnapshot Site(params (string Id, bool Connected, bool Faulted, string? Task)[] robots) =>
        new(robots.Select(r => new SiteSnapshot.Robot(r.Id, r.Connected, r.Faulted, 0, 0, r.Task)).ToArray(), []);

    private static RobotHealth Report(long onBoard, long edge, long hedged, long commanded, long misses, string mode = "auto", string causes = "", uint faults = 0) =>
        new()
        {
            RouteOnBoard = onBoard, RouteEdge = edge, RouteHedged = hedged, Fallbacks = 3, FramesCommanded = commanded, DeadlineMisses = misses,
            LatencyP50Ms = 12.5, LatencyP99Ms = 31.25, SafetyMode = mode, StopCauses = causes, FaultMask = faults, DeadlineMs = 50,
        };

    [Fact]
    public void RowsCarryTheRobotsOwnCountsAndDeriveRatesFromThem()
    {
        var board = new SiteHealthBoard(2);
        board.Report(0, Report(onBoard: 10, edge: 70, hedged: 20, commanded: 400, misses: 3), receivedNs: 1000 * Ms);
        board.Report(1, Report(onBoard: 5, edge: 0, hedged: 0, commanded: 0, misses: 0), receivedNs: 1000 * Ms);

        SiteRobotRow[] rows = board.Rows(Site(("a", true, false, "shelf-1"), ("b", true, false, null)), nowNs: 1250 * Ms);

        SiteRobotRow a = rows[0];
        Assert.Equal("a", a.Id);
        Assert.Equal((10L, 70L, 20L, 3L), (a.RouteOnBoard, a.RouteEdge, a.RouteHedged, a.Fallbacks));
        Assert.Equal(0.9, a.EdgeShare, 12);
        Assert.Equal((400L, 397L, 3L), (a.FramesCommanded, a.DeadlineHits, a.DeadlineMisses));
        Assert.Equal(397.0 / 400, a.HitRate!.Value, 12);
        Assert.Equal((12.5, 31.25, 50.0), (a.LatencyP50Ms, a.LatencyP99Ms, a.DeadlineMs));
        Assert.Equal("shelf-1", a.TaskId);
        Assert.Equal(250, a.ReportAgeMs!.Value, 9);
        Assert.Equal(("healthy", true), (a.State, a.Healthy));

        // No frame commanded yet: no hit rate rather than a made-up 0 or 100 %.
        Assert.Null(rows[1].HitRate);
        Assert.Equal(0, rows[1].EdgeShare);
    }

    [Theory]
    [InlineData(true, 100, "auto", "", 0u, false, "healthy")]
    [InlineData(false, 100, "auto", "", 0u, false, "disconnected")]
    [InlineData(true, 2500, "auto", "", 0u, false, "silent")]
    [InlineData(true, 100, "stopped", "ModeStopped", 0u, false, "stopped")]
    [InlineData(true, 100, "auto", "EmergencyStop", 0u, false, "stopped")]
    [InlineData(true, 100, "auto", "ActuatorFault", 2u, false, "faulted")]
    [InlineData(true, 100, "auto", "", 0u, true, "faulted")]
    public void StateFollowsConnectionFreshnessSafetyAndFaults(bool connected, int ageMs, string mode, string causes, uint faults, bool siteFaulted, string expected)
    {
        var board = new SiteHealthBoard(1, staleAfterMs: 2000);
        board.Report(0, Report(1, 1, 1, 10, 0, mode, causes, faults), receivedNs: 0);

        SiteRobotRow row = board.Rows(Site(("r", connected, siteFaulted, null)), nowNs: ageMs * Ms)[0];

        Assert.Equal(expected, row.State);
        Assert.Equal(expected == "healthy", row.Healthy);
        Assert.Equal(connected, row.Connected);
    }

    [Fact]
    public void ARobotThatNeverReportedIsShownWithoutFigures()
    {
        var board = new SiteHealthBoard(1);
        SiteRobotRow row = board.Rows(Site(("r", true, false, null)), nowNs: 5 * Ms)[0];
        Assert.Equal("silent", row.State);
        Assert.Null(row.ReportAgeMs);
        Assert.Null(row.HitRate);
        Assert.Equal(0, row.FramesCommanded);
    }

    [Fact]
    public void TheNewestReportWinsAndIsCopied()
    {
        var board = new SiteHealthBoard(1);
        RobotHealth report = Report(1, 2, 3, 10, 1);
        board.Report(0, report, 0);
        report.FramesCommanded = 999; // the sender reuses its message object
        Assert.Equal(10, board.Latest(0)!.FramesCommanded);

        board.Report(0, Report(4, 5, 6, 20, 2), 1);
        Assert.Equal((4L, 20L), (board.Latest(0)!.RouteOnBoard, board.Latest(0)!.FramesCommanded));
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 5, 6)]
    public void InconsistentReportsAreRefused(long onBoard, long commanded, long misses)
    {
        var board = new SiteHealthBoard(1);
        var bad = new RobotHealth { RouteOnBoard = onBoard, FramesCommanded = commanded, DeadlineMisses = misses };
        Assert.Throws<ArgumentException>(() => board.Report(0, bad, 0));
        Assert.Null(board.Latest(0));
    }

    [Fact]
    public void RobotSideBoardFillsCountsPercentilesRoutesAndSafety()
    {
        SafetySupervisor safety = PanTiltSafety();
        var routes = new OffloadCounters { OnBoard = 7, EdgeServed = 50, FallbackRejected = 2, FallbackTimeout = 1, FallbackDisconnected = 1, HedgedEdgeWins = 4, HedgedOnBoardWins = 5 };
        var board = new HealthBoard(safety, routes, deadlineMs: 50);
        board.BeginRun();
        // 1..100 ms, shuffled: p50 = 50, p99 = 99 (nearest rank); values above 50 ms are misses.
        var random = new Random(17); // fixed seed: any order must give the same percentiles
        foreach (int ms in Enumerable.Range(1, 100).OrderBy(_ => random.Next()))
        {
            board.RecordCommand(ms, missed: ms > 50);
        }

        var report = new RobotHealth();
        board.Fill(report);

        Assert.Equal((100L, 50L), (report.FramesCommanded, report.DeadlineMisses));
        Assert.Equal((50.0, 99.0), (report.LatencyP50Ms, report.LatencyP99Ms));
        Assert.Equal((7L, 54L, 9L, 4L), (report.RouteOnBoard, report.RouteEdge, report.RouteHedged, report.Fallbacks));
        Assert.Equal((safety.Mode.ToString().ToLowerInvariant(), 50.0), (report.SafetyMode, report.DeadlineMs));
        Assert.Equal(0u, report.FaultMask);

        board.BeginRun();
        board.Fill(report);
        Assert.Equal((0L, 0L, 0.0), (report.FramesCommanded, report.DeadlineMisses, report.LatencyP99Ms));
    }

    [Fact]
    public void RecordingACommandAllocatesNothing()
    {
        var board = new HealthBoard(PanTiltSafety(), null, 50);
        for (int i = 0; i < 1000; i++)
        {
            board.RecordCommand(i % 60, i % 60 > 50);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            board.RecordCommand(i % 60, i % 60 > 50);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11_000, board.FramesCommanded);
    }

    private static SafetySupervisor PanTiltSafety()
    {
        RobotConfig config = RobotConfigLoader.Load(Support.EdgeTestSite.DefaultRobotPath);
        KinematicChain chain = KinematicChain.FromDescription(UrdfParser.Load(config.Resolve(config.Urdf)), config.BaseLink, config.CameraLink);
        return new SafetySupervisor(JointLimitSet.FromChain(chain, config.Control.VelocityLimitScale), config.Safety, config.Control.RateHz);
    }
}
