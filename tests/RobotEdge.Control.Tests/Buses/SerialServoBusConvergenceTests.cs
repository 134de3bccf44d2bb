using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>The control loop drives virtual servos over a real pseudo-terminal; ground truth from the chain.</summary>
public sealed class SerialServoBusConvergenceTests
{
    private const double ToleranceRad = 0.01;

    [Theory]
    [InlineData(ServoProtocol.DynamixelX, 2)]
    [InlineData(ServoProtocol.DynamixelX, 6)]
    [InlineData(ServoProtocol.FeetechSts3215, 2)]
    [InlineData(ServoProtocol.FeetechSts3215, 6)]
    public void Lockstep_loop_converges_to_goal(ServoProtocol protocol, int servoCount)
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount, clock);
        (ControlLoop loop, JointVector goal) = CreateLoop(rig.Bus, servoCount);

        // 100 Hz for 6 simulated seconds: bus cycle, then loop tick, on this thread.
        for (int tick = 0; tick < 600; tick++)
        {
            clock.Advance(loop.PeriodNs);
            Assert.True(rig.Bus.PumpCycle());
            loop.Tick(clock.NowNs);
        }

        AssertConverged(rig, goal, servoCount);
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX, 4)]
    [InlineData(ServoProtocol.FeetechSts3215, 4)]
    public void Threaded_loop_converges_to_goal(ServoProtocol protocol, int servoCount)
    {
        var clock = MonotonicClock.Instance;
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount, clock);
        (ControlLoop loop, JointVector goal) = CreateLoop(rig.Bus, servoCount);
        rig.Bus.Start();

        // Bounded by ticks, not by time: stop once the truth has stayed within tolerance for 50
        // ticks in a row (passing through the tolerance band on the way is not convergence).
        int settledTicks = 0;
        for (int tick = 0; tick < 5000 && settledTicks < 50; tick++)
        {
            loop.Tick(clock.NowNs);
            Thread.Sleep(2);
            settledTicks = WithinTolerance(rig.TrueJointPositions(), goal, servoCount) ? settledTicks + 1 : 0;
        }

        AssertConverged(rig, goal, servoCount);
        Assert.True(rig.Bus.CycleCount > 0);
    }

    internal static (ControlLoop Loop, JointVector Goal) CreateLoop(SerialServoBus bus, int servoCount)
    {
        var limits = new JointLimitSet(
            Enumerable.Repeat(-2.0, servoCount).ToArray(),
            Enumerable.Repeat(2.0, servoCount).ToArray(),
            Enumerable.Repeat(2.0, servoCount).ToArray());
        // No integral term: a servo in position mode closes its own loop, and the outer integral's slow
        // mode (time constant Kp/Ki, about 24 s with the defaults) would only stretch the test.
        var controller = new JointTrackingController(limits, new ControlConfig { Ki = 0 });
        var goals = new LatestMailbox<JointGoal>();
        // One goal, published once and held for the whole test: a goal source this quiet would trip the
        // command watchdog, and any stop (a bus thread starved on a loaded machine reads as lost
        // feedback) discards the goal for good. Both are tested in Safety/; here they get long timeouts.
        var safety = new SafetySupervisor(limits, new SafetyConfig { WatchdogTimeoutMs = 60_000, FeedbackLossTicks = 10_000 }, rateHz: 100);
        var loop = new ControlLoop(bus, goals, controller, rateHz: 100, safety);
        var goal = default(JointVector);
        for (int i = 0; i < servoCount; i++)
        {
            goal[i] = 0.8 * ((i % 3) - 1) + 0.3;
        }

        goals.Publish(new JointGoal { Stamp = new FrameStamp(1, 0, 0), JointCount = servoCount, PositionsRad = goal });
        return (loop, goal);
    }

    private static bool WithinTolerance(JointVector actual, JointVector goal, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (Math.Abs(actual[i] - goal[i]) > ToleranceRad)
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertConverged(ServoBusRig rig, JointVector goal, int count)
    {
        JointVector truth = rig.TrueJointPositions();
        for (int i = 0; i < count; i++)
        {
            Assert.True(Math.Abs(truth[i] - goal[i]) <= ToleranceRad, $"joint {i}: true {truth[i]:F4} rad, goal {goal[i]:F4} rad");
        }
    }
}
