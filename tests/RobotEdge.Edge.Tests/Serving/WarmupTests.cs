using System.Net.WebSockets;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// Cold start: the server runs the model before it accepts robots and keeps it warm while idle, and
/// one slow first run cannot make the profile refuse the frames after it.
/// </summary>
public sealed class WarmupTests
{
    private const long Ms = 1_000_000;

    [Fact]
    public async Task AFreshServerServesTheFirstFramesOfARobotJoiningASecondAfterStart()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1);
        // Before a robot is accepted every batch size has been measured.
        for (int b = 1; b <= site.Server.Model.MaxBatch; b++)
        {
            Assert.True(site.Server.Executor.Profile.Samples(b) >= 8, $"batch {b}: {site.Server.Executor.Profile.Samples(b)} warm-up runs recorded");
        }

        // A second of idling, longer than the profile's horizon: the server keeps the model warm.
        await Task.Delay(1000);
        long until = MonotonicClock.GetTimestampNs() + 20_000 * Ms;
        while (site.Server.Statistics.KeepWarmRuns < 2 && MonotonicClock.GetTimestampNs() < until)
        {
            await Task.Delay(20);
        }

        Assert.True(site.Server.Statistics.KeepWarmRuns >= 2, $"{site.Server.Statistics.KeepWarmRuns} keep-warm runs");

        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        int served = 0;
        string reasons = "";
        for (int i = 0; i < 10; i++)
        {
            InferRequest request = RawRobot.Request(site, "robot-0", sequence: i);
            request.DeadlineEdgeNs = MonotonicClock.GetTimestampNs() + 50 * Ms;
            await RawRobot.SendAsync(robot, request);
            InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot);
            served += answer.Rejection == RejectReason.Unspecified && answer.Keypoints is { Length: > 0 } ? 1 : 0;
            reasons += answer.Rejection + " ";
            await Task.Delay(33);
        }

        // A lone robot's request on an idle executor needs only the typical run to be admitted, so
        // what used to refuse the frames after a cold first run was the profile alone (30-50 frames
        // refused as unreachable); none may be refused on arrival now.
        Assert.Equal(0, site.Server.Statistics.RejectedInfeasible);
        Assert.True(served >= 8, reasons + " typical/predicted " + site.Server.ServiceTimeOfOne);
    }
}
