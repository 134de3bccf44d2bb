using System.Net.WebSockets;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;

namespace RobotEdge.Edge.Tests.Serving;

public class ServingTests
{
    [Theory]
    [InlineData("deadline")]
    [InlineData("fcfs")]
    public async Task ARequestWithARobotDeadlineIsServed(string policy)
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 1, policy: policy);
        using ClientWebSocket robot = await RawRobot.ConnectAsync(site, 0);
        int served = 0;
        string reasons = "";
        for (int i = 0; i < 10; i++)
        {
            InferRequest request = RawRobot.Request(site, "robot-0", sequence: i);
            request.DeadlineEdgeNs = MonotonicClock.GetTimestampNs() + 35_000_000;
            await RawRobot.SendAsync(robot, request);
            InferResult answer = await RawRobot.ReceiveAsync<InferResult>(robot);
            served += answer.Rejection == RejectReason.Unspecified ? 1 : 0;
            reasons += answer.Rejection + " ";
            await Task.Delay(20);
        }

        Assert.True(served >= 8, reasons + " predicted " + string.Join(",", site.Server.Executor.PredictedMs().Select(x => x.ToString("F2"))));
    }
}
