using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;

namespace RobotEdge.Control.Tests.Safety;

/// <summary>
/// Stops: e-stop, watchdog, faults, lost feedback, lost operator, judged by the commands written and
/// by the simulator's true joint state.
/// </summary>
public class SafetyStopTests
{
    private const double Tolerance = 1e-9;

    private static double MaxAbs(in JointVector v) => Math.Max(Math.Abs(v[0]), Math.Abs(v[1]));

    /// <summary>Asserts each command's speed falls by at most decel·dt per tick (and never grows) until it is zero; returns the ticks it took.</summary>
    private static int AssertControlledStop(SafetyRig rig, double decelerationRadPerS2, int maxTicks)
    {
        double step = decelerationRadPerS2 / SafetyRig.RateHz;
        JointVector previous = rig.Loop.LastCommand.VelocitiesRadPerS;
        for (int tick = 1; tick <= maxTicks; tick++)
        {
            rig.Step();
            JointVector now = rig.Loop.LastCommand.VelocitiesRadPerS;
            for (int i = 0; i < 2; i++)
            {
                Assert.True(Math.Abs(now[i]) <= Math.Abs(previous[i]) + Tolerance, $"joint {i} sped up while stopping");
                Assert.True(Math.Abs(previous[i] - now[i]) <= step + Tolerance, $"joint {i} decelerated by {previous[i] - now[i]} in one tick, limit {step}");
                Assert.True(previous[i] * now[i] >= 0, $"joint {i} reversed while stopping");
            }

            previous = now;
            if (MaxAbs(now) == 0)
            {
                return tick;
            }
        }

        Assert.Fail($"commands did not reach zero within {maxTicks} ticks");
        return -1;
    }

    /// <summary>Runs <paramref name="ticks"/> more ticks and asserts the true joints neither move nor drift.</summary>
    private static void AssertStaysStill(SafetyRig rig, int ticks, Action<int>? each = null)
    {
        rig.Run(250); // let the first-order actuators (tau 15 ms) settle: 0.5 s
        JointState start = rig.Truth;
        for (int i = 0; i < ticks; i++)
        {
            each?.Invoke(i);
            rig.Step();
            JointState now = rig.Truth;
            Assert.True(MaxAbs(now.VelocitiesRadPerS) < 1e-9, $"true velocity {MaxAbs(now.VelocitiesRadPerS)} rad/s at tick {i}");
            Assert.Equal(start.PositionsRad[0], now.PositionsRad[0], 6);
            Assert.Equal(start.PositionsRad[1], now.PositionsRad[1], 6);
        }
    }

    [Fact]
    public void EmergencyStopShapesTheVeryNextCommandWhereverItIsRequested()
    {
        using var rig = new SafetyRig();
        var latencies = new List<long>();
        for (int trial = 0; trial < 20; trial++)
        {
            rig.RunTracking(200 + 37 * trial); // moving, at a different point of the trajectory each time
            double before = MaxAbs(rig.Loop.LastCommand.VelocitiesRadPerS);
            Assert.True(before > 0.05, $"trial {trial}: the robot should be moving ({before} rad/s)");

            rig.Safety.RequestEmergencyStop();
            ControlTickResult next = rig.Step();

            Assert.NotEqual(MotionState.Running, next.Motion);
            Assert.True(rig.Safety.IsEmergencyStopLatched);
            double after = MaxAbs(rig.Loop.LastCommand.VelocitiesRadPerS);
            Assert.True(after < before, $"trial {trial}: the first command after the request must already decelerate ({before} -> {after})");
            latencies.Add(rig.Safety.LastEmergencyStopLatencyTicks);

            AssertControlledStop(rig, rig.Config.EmergencyStopDecelerationRadPerS2, 200);
            rig.Safety.ResetEmergencyStop();
            rig.Step();
        }

        // Request → first stop command: at most one control period, measured in ticks.
        Assert.All(latencies, l => Assert.Equal(1, l));
    }

    [Fact]
    public void EmergencyStopLatchesUntilResetAndNoGoalSourceOverridesIt()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(600);
        rig.Safety.RequestEmergencyStop();
        rig.Step();
        AssertControlledStop(rig, rig.Config.EmergencyStopDecelerationRadPerS2, 200);

        // Every goal source keeps pushing, modes flip, heartbeats come: nothing moves.
        AssertStaysStill(rig, 2000, i =>
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(1.5, 0.8);
                rig.PublishManual(-1.5, -0.8);
                rig.Safety.OperatorHeartbeat();
            }

            if (i == 500)
            {
                rig.Safety.RequestMode(SafetyMode.Manual);
            }

            if (i == 1000)
            {
                rig.Safety.RequestMode(SafetyMode.Auto);
            }
        });
        Assert.True(rig.Safety.IsEmergencyStopLatched);
        Assert.Equal(MotionState.Holding, rig.Safety.Motion);

        // Reset: the robot stays held until a fresh goal arrives, then moves to it.
        rig.Safety.ResetEmergencyStop();
        AssertStaysStill(rig, 200);
        Assert.False(rig.Safety.IsEmergencyStopLatched);
        for (int i = 0; i < 1500; i++)
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(1.0, 0.3);
            }

            rig.Step();
        }

        // The tracking controller overshoots by about 0.02 rad after a full-speed move (integral action).
        Assert.InRange(rig.Truth.PositionsRad[0], 0.97, 1.03);
        Assert.InRange(rig.Truth.PositionsRad[1], 0.27, 0.33);
    }

    [Fact]
    public void EmergencyStopRequestedFromAnotherThreadIsLatched()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(300);
        var requester = new Thread(() => rig.Safety.RequestEmergencyStop());
        requester.Start();
        requester.Join();
        rig.Step();
        Assert.True(rig.Safety.IsEmergencyStopLatched);
        Assert.Equal(1, rig.Safety.LastEmergencyStopLatencyTicks);
        Assert.True(rig.Safety.LastEmergencyStopLatencyNs > 0);
    }

    [Fact]
    public void WatchdogStopsWhenGoalsStopComingAndResumesOnAFreshGoal()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(700);
        Assert.True(MaxAbs(rig.Truth.VelocitiesRadPerS) > 0.1, "the robot should be moving before the stall");

        // The goal source stalls. Until the timeout the controller keeps driving.
        long stallTick = rig.Ticks;
        long lastGoalTick = stallTick - 1 - ((stallTick - 1) % 17);
        while (rig.Safety.Causes == StopCauses.None)
        {
            rig.Step();
            Assert.True(rig.Ticks - lastGoalTick <= rig.Safety.WatchdogTicks + 2, "the watchdog fired late");
        }

        Assert.Equal(StopCauses.Watchdog, rig.Safety.Causes);
        Assert.Equal(rig.Safety.WatchdogTicks + 1, rig.Ticks - 1 - lastGoalTick);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);
        AssertStaysStill(rig, 500);
        Assert.Equal(MotionState.Holding, rig.Safety.Motion);

        rig.PublishAuto(0.2, 0.1);
        rig.Step();
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        Assert.Equal(MotionState.Running, rig.Safety.Motion);
    }

    [Fact]
    public void FaultedJointStopsTheRobotUntilTheFaultClearsAndAFreshGoalArrives()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(600);
        rig.Bus.InjectedFaultMask = 0b10;
        rig.Step();
        Assert.Equal(StopCauses.ActuatorFault, rig.Safety.Causes);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);
        AssertStaysStill(rig, 300, i =>
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(1.0, 0.5);
            }
        });

        rig.Bus.InjectedFaultMask = 0;
        rig.Step();
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        rig.RunTracking(300);
        Assert.True(MaxAbs(rig.Truth.VelocitiesRadPerS) > 0.05, "tracking should resume after the fault clears");
    }

    [Fact]
    public void LostFeedbackStopsAfterTheConfiguredTicks()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(600);
        rig.Bus.WithholdFeedback = true;
        int ticks = 0;
        while (rig.Safety.Causes == StopCauses.None)
        {
            if (rig.Ticks % 17 == 0)
            {
                rig.PublishAuto(0.5, 0.2);
            }

            rig.Step();
            ticks++;
        }

        Assert.Equal(rig.Config.FeedbackLossTicks, ticks);
        Assert.Equal(StopCauses.FeedbackLost, rig.Safety.Causes);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);
        rig.Run(300);
        Assert.True(MaxAbs(rig.Truth.VelocitiesRadPerS) < 1e-6, "the joints must stop although the loop cannot see them");
        rig.Bus.WithholdFeedback = false;
        rig.Step();
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
    }

    [Fact]
    public void LostOperatorHeartbeatsStopTheRobotInAnyMode()
    {
        using var rig = new SafetyRig();
        rig.Safety.ArmOperatorWatch();
        for (int i = 0; i < 600; i++)
        {
            if (i % 50 == 0)
            {
                rig.Safety.OperatorHeartbeat();
            }

            rig.RunTracking(1);
        }

        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        // The heartbeats stop (the operator's tab closed); the planner keeps driving.
        int ticks = 0;
        while (rig.Safety.Causes == StopCauses.None)
        {
            rig.RunTracking(1);
            ticks++;
        }

        Assert.Equal(StopCauses.OperatorLost, rig.Safety.Causes);
        Assert.InRange(ticks, rig.Safety.OperatorTimeoutTicks - 50, rig.Safety.OperatorTimeoutTicks + 1);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);

        // Acknowledged by an operator and released on purpose: no stop.
        rig.Safety.ResetOperatorLoss();
        rig.Safety.DisarmOperatorWatch();
        rig.RunTracking(600);
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
    }

    [Fact]
    public void ALostOperatorStopStaysLatchedUntilAnOperatorResetsIt()
    {
        using var rig = new SafetyRig();
        rig.Safety.ArmOperatorWatch();
        rig.RunTracking(100);
        rig.Safety.OperatorHeartbeat();
        rig.RunTracking(100);
        Assert.Equal(StopCauses.None, rig.Safety.Causes);

        // A heartbeat gap just longer than the timeout (a stalled link), then the heartbeats resume.
        rig.RunTracking((int)rig.Safety.OperatorTimeoutTicks + 2);
        Assert.Equal(StopCauses.OperatorLost, rig.Safety.Causes);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);
        var heartbeating = (int i) =>
        {
            if (i % 50 == 0)
            {
                rig.Safety.OperatorHeartbeat();
            }

            if (i % 17 == 0)
            {
                double t = rig.Clock.NowNs * 1e-9;
                rig.PublishAuto(0.8 * Math.Sin(Math.PI * t) + 0.3, 0.2);
            }
        };

        // Late heartbeats, the planner's goals, taking the lease again (arm) and releasing it
        // (disarm): the robot stays held through all of them.
        AssertStaysStill(rig, 400, heartbeating);
        rig.Safety.ArmOperatorWatch();
        AssertStaysStill(rig, 200, heartbeating);
        rig.Safety.DisarmOperatorWatch();
        AssertStaysStill(rig, 200, heartbeating);
        Assert.Equal(StopCauses.OperatorLost, rig.Safety.Causes);

        // The operator's explicit reset clears it; the next fresh goal drives again.
        rig.Safety.ResetOperatorLoss();
        rig.RunTracking(300);
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        Assert.True(MaxAbs(rig.Truth.VelocitiesRadPerS) > 0.01, "the robot should track again after the reset");
    }

    [Fact]
    public void AResetWhileTheHeartbeatsAreStillMissingStopsTheRobotAgainAfterTheTimeout()
    {
        using var rig = new SafetyRig();
        rig.Safety.ArmOperatorWatch();
        rig.RunTracking((int)rig.Safety.OperatorTimeoutTicks + 2);
        Assert.Equal(StopCauses.OperatorLost, rig.Safety.Causes);
        rig.Safety.ResetOperatorLoss();
        rig.RunTracking(1);
        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        int ticks = 0;
        while (rig.Safety.Causes == StopCauses.None)
        {
            rig.RunTracking(1);
            ticks++;
        }

        Assert.Equal(StopCauses.OperatorLost, rig.Safety.Causes);
        // The reset restarted the count: the watch fires on the first tick past the timeout.
        Assert.Equal(rig.Safety.OperatorTimeoutTicks + 1, ticks);
    }

    [Fact]
    public void StoppedModeHoldsAndIgnoresGoals()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(600);
        rig.Safety.RequestMode(SafetyMode.Stopped);
        rig.Step();
        Assert.Equal(StopCauses.ModeStopped, rig.Safety.Causes);
        AssertControlledStop(rig, rig.Config.StopDecelerationRadPerS2, 200);
        AssertStaysStill(rig, 500, i =>
        {
            if (i % 17 == 0)
            {
                rig.PublishAuto(1.0, 0.5);
                rig.PublishManual(1.0, 0.5);
            }
        });
    }

    [Fact]
    public void StartingStoppedHoldsTheJointsWhereTheyAre()
    {
        using var rig = new SafetyRig(new RobotModel.Config.SafetyConfig { InitialMode = "stopped" }, initialRad: [0.7, -0.3]);
        rig.PublishAuto(0.0, 0.0);
        rig.Step();
        Assert.Equal(MotionState.Holding, rig.Safety.Motion);
        Assert.Equal(0.7, rig.Loop.LastCommand.PositionsRad[0], 12);
        Assert.Equal(-0.3, rig.Loop.LastCommand.PositionsRad[1], 12);
        AssertStaysStill(rig, 200);
        Assert.Equal(0.7, rig.Truth.PositionsRad[0], 9);
    }

    [Fact]
    public void EverySafetyEventIsLoggedWithItsCauseAndTheStateAtTheTime()
    {
        using var rig = new SafetyRig();
        var logger = new ListLogger();
        using var log = new SafetyEventLog(rig.Safety, logger);
        rig.RunTracking(600);
        rig.Safety.RequestEmergencyStop();
        rig.Step();
        JointState atLatch = rig.Truth;
        rig.Run(199);
        rig.Safety.ResetEmergencyStop();
        rig.Bus.InjectedFaultMask = 1;
        rig.Run(10);
        rig.Bus.InjectedFaultMask = 0;
        rig.Run(10);
        log.Drain();

        SafetyEventKind[] kinds = log.Recent().Select(e => e.Kind).ToArray();
        Assert.Equal(
            [SafetyEventKind.EmergencyStopLatched, SafetyEventKind.Holding, SafetyEventKind.EmergencyStopReset,
             SafetyEventKind.ActuatorFault, SafetyEventKind.ActuatorFaultCleared, SafetyEventKind.Resumed],
            kinds);
        SafetyEvent estop = log.Recent()[0];
        Assert.Equal(StopCauses.EmergencyStop, estop.Causes);
        Assert.Equal(atLatch.PositionsRad[0], estop.State.PositionsRad[0], 9);
        Assert.Equal(atLatch.VelocitiesRadPerS[1], estop.State.VelocitiesRadPerS[1], 9);
        Assert.Equal(1, log.Recent()[3].FaultMask);

        var lines = logger.Lines;
        Assert.Equal(6, lines.Count);
        Assert.Equal(5101, lines[0].Id);
        Assert.Equal(LogLevel.Warning, lines[0].Level);
        Assert.Contains("E-STOP latched", lines[0].Text);
        Assert.Contains(SafetyEventLog.FormatJoints(estop.State.PositionsRad, 2), lines[0].Text);
        Assert.Contains("ActuatorFault", lines[3].Text);
        Assert.Contains("fault mask 0x1", lines[3].Text);
    }

    [Fact]
    public void SafetyLayerTicksAllocateNothing()
    {
        using var rig = new SafetyRig();
        rig.RunTracking(1000); // JIT, first events
        rig.Safety.RequestEmergencyStop();
        rig.Run(100);
        rig.Safety.ResetEmergencyStop();
        rig.Run(10);
        while (rig.Safety.Events.TryRead(out _))
        {
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < 5; round++)
        {
            rig.RunTracking(500);
            rig.Safety.RequestEmergencyStop();
            rig.Run(100);
            rig.Safety.ResetEmergencyStop();
            rig.Bus.InjectedFaultMask = 1;
            rig.Run(5);
            rig.Bus.InjectedFaultMask = 0;
            rig.Run(200); // watchdog
            while (rig.Safety.Events.TryRead(out _))
            {
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(rig.Safety.TicksCompleted > 5000);
    }
}
