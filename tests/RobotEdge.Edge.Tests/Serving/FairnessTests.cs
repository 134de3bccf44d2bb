using RobotEdge.Bus.Network.Protocol;
using RobotEdge.Edge.Tests.Support;
using Xunit.Abstractions;

namespace RobotEdge.Edge.Tests.Serving;

/// <summary>
/// Fair sharing cannot be gamed, against a real server with robots that speak the wire directly:
/// a robot that sends requests it made infeasible itself, or floods, is refused or served on spare
/// capacity, and the honest robots beside it are never refused as "owing their fair share". The
/// honest robots send back to back (robot 1 right behind robot 0) so that every one of robot 1's
/// requests meets contention, the one condition besides an overload under which fair sharing refuses.
/// </summary>
public sealed class FairnessTests(ITestOutputHelper output)
{
    private const long Ms = 1_000_000;

    /// <summary>Honest robots' frames per test, at 30 Hz (two seconds).</summary>
    private const int HonestFrames = 60;

    [Fact]
    public async Task PastDeadlineRequestsCostAnHonestRobotNoFairShareRefusal()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 3);
        await using ListeningRobot honest0 = await ListeningRobot.ConnectAsync(site, 0, frameRateHz: 30);
        await using ListeningRobot honest1 = await ListeningRobot.ConnectAsync(site, 1, frameRateHz: 30);
        await using ListeningRobot attacker = await ListeningRobot.ConnectAsync(site, 2);

        // 100 requests a second from the attacker, each with a deadline a millisecond past.
        for (int frame = 0; frame < HonestFrames; frame++)
        {
            await honest0.SendRequestAsync(frame, 200 * Ms);
            await honest1.SendRequestAsync(frame, 200 * Ms);
            for (int k = 0; k < 3; k++)
            {
                await attacker.SendRequestAsync(3 * frame + k, -1 * Ms);
                await Task.Delay(11);
            }
        }

        await AssertAllAnsweredAsync(honest0, honest1, attacker);
        Report(site, honest0, honest1, attacker);
        Assert.Equal((0, 0), (honest0.Refused(RejectReason.FairShare), honest1.Refused(RejectReason.FairShare)));
        Assert.Equal(3 * HonestFrames, attacker.Refused(RejectReason.DeadlineUnreachable));
        // Rejected on arrival, every one: none of them ever was a miss or an overload.
        Assert.Equal(3 * HonestFrames, site.Server.Statistics.RejectedInfeasible);
        Assert.Equal(0, site.Server.Statistics.RejectedFairShare);
    }

    [Fact]
    public async Task AFloodCostsAnHonestRobotNoFairShareRefusal()
    {
        await using EdgeTestSite site = await EdgeTestSite.StartAsync(robots: 3);
        await using ListeningRobot honest0 = await ListeningRobot.ConnectAsync(site, 0, frameRateHz: 30);
        await using ListeningRobot honest1 = await ListeningRobot.ConnectAsync(site, 1, frameRateHz: 30);
        await using ListeningRobot flooder = await ListeningRobot.ConnectAsync(site, 2, frameRateHz: 30);

        // The flooder sends valid requests about 1,000 times a second, 30 times its declared rate.
        long sequence = 0;
        for (int frame = 0; frame < HonestFrames; frame++)
        {
            await honest0.SendRequestAsync(frame, 200 * Ms);
            await honest1.SendRequestAsync(frame, 200 * Ms);
            for (int burst = 0; burst < 3; burst++)
            {
                for (int k = 0; k < 10; k++)
                {
                    await flooder.SendRequestAsync(sequence++, 200 * Ms);
                }

                await Task.Delay(10);
            }
        }

        await AssertAllAnsweredAsync(honest0, honest1);
        Report(site, honest0, honest1, flooder);
        Assert.Equal((0, 0), (honest0.Refused(RejectReason.FairShare), honest1.Refused(RejectReason.FairShare)));
        Assert.Equal(0, site.Server.Statistics.RejectedFairShare);
        // The flood was over the flooder's rate: those requests ran only on spare capacity.
        Assert.True(site.Server.Executor.OverRateRequests > 1000, $"{site.Server.Executor.OverRateRequests} requests over the flooder's rate");
    }

    /// <summary>Every request gets exactly one answer (a pose or a rejection), eventually.</summary>
    private static async Task AssertAllAnsweredAsync(params ListeningRobot[] robots)
    {
        foreach (ListeningRobot robot in robots)
        {
            Assert.True(await robot.WaitForAnswersAsync(robot.Sent, TimeSpan.FromSeconds(30)), $"{robot.RobotId}: {robot.Answers} answers to {robot.Sent} requests");
            Assert.Equal(robot.Sent, robot.Answers);
        }
    }

    private void Report(EdgeTestSite site, params ListeningRobot[] robots)
    {
        foreach (ListeningRobot r in robots)
        {
            output.WriteLine($"{r.RobotId}: sent {r.Sent}, poses {r.Poses}, unreachable {r.Refused(RejectReason.DeadlineUnreachable)}, " +
                             $"superseded {r.Refused(RejectReason.Superseded)}, fair share {r.Refused(RejectReason.FairShare)}, queue full {r.Refused(RejectReason.QueueFull)}");
        }

        var s = site.Server.Statistics;
        output.WriteLine($"server: served {s.Served}, infeasible on arrival {s.RejectedInfeasible}, unreachable {s.RejectedDeadline}, over rate {site.Server.Executor.OverRateRequests}, dropped sends {s.DroppedSends}");
    }
}
