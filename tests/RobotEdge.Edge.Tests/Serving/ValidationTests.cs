using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// Every number a robot sends is checked at the boundary: out-of-range or non-finite values are
/// refused with a reason and counted, and the status endpoint stays whole for everyone.
/// </summary>
public sealed class ValidationTests
{
    private const long Ms = 1_000_000;

    public static TheoryData<string, RobotHealth> BadHealthReports => new()
    {
        { "latencyP50Ms", new RobotHealth { FramesCommanded = 10, LatencyP50Ms = double.NaN, SafetyMode = "auto" } },
        { "latencyP99Ms", new RobotHealth { FramesCommanded = 10, LatencyP99Ms = double.PositiveInfinity, SafetyMode = "auto" } },
        { "deadlineMs", new RobotHealth { FramesCommanded = 10, DeadlineMs = double.NegativeInfinity, SafetyMode = "auto" } },
        { "latencyP50Ms", new RobotHealth { FramesCommanded = 10, LatencyP50Ms = -3, SafetyMode = "auto" } },
        { "framesCommanded", new RobotHealth { FramesCommanded = long.MaxValue, SafetyMode = "auto" } },
        { "routeEdge", new RobotHealth { RouteEdge = -1, SafetyMode = "auto" } },
        { "deadlineMisses", new RobotHealth { FramesCommanded = 3, DeadlineMisses = 4, SafetyMode = "auto" } },
        { "safetyMode", new RobotHealth { SafetyMode = "\u001b[2J" } },
        { "stopCauses", new RobotHealth { SafetyMode = "stopped", StopCauses = "EStop\0" } },
        { "stopCauses", new RobotHealth { SafetyMode = "stopped", StopCauses = new string('x', 257) } },
    };

    [Theory]
    [MemberData(nameof(BadHealthReports))]
    public async Task ABadHealthReportIsRefusedAndStatusStaysWhole(string field, RobotHealth bad)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 2);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        var good = new RobotHealth { RouteEdge = 40, FramesCommanded = 40, DeadlineMisses = 1, LatencyP50Ms = 20, LatencyP99Ms = 31, SafetyMode = "auto", DeadlineMs = 50 };
        await RawRobot.SendAsync(robot, good);
        Assert.True(await EventuallyAsync(() => site.Server.Health.Latest(0) is not null), "the good report never arrived");

        await RawRobot.SendAsync(robot, bad);

        Assert.True(await EventuallyAsync(() => site.Server.Health.RefusedReports == 1), "the bad report was not refused");
        Assert.Contains(site.Logs.Lines, l => l.Contains($"health report: {field}", StringComparison.Ordinal));
        Assert.Equal(1, site.Server.Statistics.MalformedMessages);
        // The robot's previous report stays; the status page (its health rows included) is whole.
        Assert.Equal(40, site.Server.Health.Latest(0)!.FramesCommanded);
        using JsonDocument status = await StatusAsync(site);
        Assert.Equal(40, status.RootElement.GetProperty("health")[0].GetProperty("framesCommanded").GetInt64());
    }

    [Fact]
    public async Task ANonFiniteOrFarAwayPositionIsRefused()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);

        await RawRobot.SendAsync(robot, new RobotStatus { XM = double.NaN, YM = 1 });
        await RawRobot.SendAsync(robot, new RobotStatus { XM = 1, YM = 1e300 });
        await RawRobot.SendAsync(robot, new RobotStatus { XM = 2.5, YM = -1 });

        Assert.True(await EventuallyAsync(() => site.Server.Statistics.MalformedMessages == 2), $"{site.Server.Statistics.MalformedMessages} refused");
        Assert.Contains(site.Logs.Lines, l => l.Contains("robot status: xM NaN", StringComparison.Ordinal));
        Assert.Contains(site.Logs.Lines, l => l.Contains("robot status: yM 1E+300", StringComparison.Ordinal));
        using JsonDocument status = await StatusAsync(site);
        Assert.True(await EventuallyAsync(() => site.Server.Site.Snapshot().Robots[0].XM == 2.5), "the valid position was not taken");
    }

    [Fact]
    public async Task APastDeadlineIsRefusedOnArrivalAndNobodysMiss()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        InferRequest request = RawRobot.Request(site, "robot-0", sequence: 7);
        request.DeadlineEdgeNs = MonotonicClock.GetTimestampNs() - 5 * Ms;

        await RawRobot.SendAsync(robot, request);
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot);

        Assert.Equal((7L, RejectReason.DeadlineUnreachable), (answer.Sequence, answer.Rejection));
        Assert.Contains("less than one typical run", answer.Detail, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), (site.Server.Statistics.RejectedInfeasible, site.Server.Statistics.RejectedDeadline));
    }

    [Fact]
    public async Task ADeadlineFarAheadIsMalformed()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        InferRequest request = RawRobot.Request(site, "robot-0", sequence: 8);
        request.DeadlineEdgeNs = long.MaxValue;

        await RawRobot.SendAsync(robot, request);
        InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot);

        Assert.Equal((8L, RejectReason.Malformed), (answer.Sequence, answer.Rejection));
        Assert.Contains("more than 10 s ahead", answer.Detail, StringComparison.Ordinal);
        Assert.Equal(1, site.Server.Statistics.RejectedInvalid);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(-30)]
    [InlineData(1000)]
    public async Task AHelloWithAFrameRateOutOfRangeIsRefused(double frameRateHz)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + EdgeTestSite.TokenOf(0));
        await socket.ConnectAsync(site.Server.RobotEndpoint, CancellationToken.None);

        await RawRobot.SendAsync(socket, new Hello { ModelName = site.Card.Name, FrameWidth = 640, FrameHeight = 480, FrameRateHz = frameRateHz });

        Assert.True(await EventuallyAsync(() => site.Server.Statistics.RefusedConnections == 1), "the hello was not refused");
        Assert.Contains(site.Logs.Lines, l => l.Contains("hello refused: frame rate", StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> StatusAsync(EdgeTestSite site)
    {
        using var http = new HttpClient();
        HttpResponseMessage response = await http.GetAsync(new Uri(site.Server.BaseAddress, "status"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls <paramref name="condition"/> for up to 20 s.</summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        long until = MonotonicClock.GetTimestampNs() + 20_000 * Ms;
        while (!condition())
        {
            if (MonotonicClock.GetTimestampNs() > until)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
