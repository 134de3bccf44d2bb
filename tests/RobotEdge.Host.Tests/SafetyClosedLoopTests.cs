using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Host.Runtime;

namespace RobotEdge.Host.Tests;

/// <summary>The safety layer inside the whole simulated robot (real perception, planner, simulator), lockstep.</summary>
public class SafetyClosedLoopTests
{
    /// <summary>Runs the rig frame by frame like the lockstep runner, with perception switchable off.</summary>
    private sealed class Driver(SimulatedRobotRig rig)
    {
        private readonly LockstepClock _clock = (LockstepClock)rig.Clock;
        private long _frame, _nextTickNs;

        public bool PerceptionStalled { get; set; }

        public long Ticks { get; private set; }

        public long LastGoalTick { get; private set; } = -1;

        public JointState Truth
        {
            get
            {
                rig.Actuation.TrueState.TryPeekLatest(out JointState s);
                return s;
            }
        }

        /// <summary>Runs one camera frame and the control ticks up to the next; <paramref name="onTick"/> after each tick.</summary>
        public void Frame(Action<ControlTickResult>? onTick = null)
        {
            long period = rig.CameraSource.PeriodNs;
            long frameTimeNs = _frame++ * period;
            _clock.AdvanceTo(frameTimeNs);
            Assert.True(rig.Frames.TryRent(out Frame? frame));
            rig.Control.MeasuredState.TryPeekLatest(out JointState joints);
            frame.JointsAtCapture = joints;
            rig.CameraSource.TryCapture(frame);
            if (!PerceptionStalled)
            {
                rig.Compute.Process(frame);
            }

            rig.Frames.Return(frame);
            for (; _nextTickNs < frameTimeNs + period; _nextTickNs += rig.Control.PeriodNs)
            {
                _clock.AdvanceTo(Math.Max(_nextTickNs, frameTimeNs));
                ControlTickResult r = rig.Control.Tick(_clock.NowNs);
                rig.Actuation.PumpLockstepCycle();
                if (r.AppliedNewGoal)
                {
                    LastGoalTick = Ticks;
                }

                Ticks++;
                onTick?.Invoke(r);
            }
        }
    }

    [Fact]
    public void WatchdogStopsTheRobotWhenPerceptionStalls()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        rig.WarmUp();
        var driver = new Driver(rig);
        for (int i = 0; i < 150; i++)
        {
            driver.Frame();
        }

        double speedAtStall = Math.Abs(driver.Truth.VelocitiesRadPerS[0]) + Math.Abs(driver.Truth.VelocitiesRadPerS[1]);
        Assert.True(speedAtStall > 0.01, $"the head should be tracking the moving target when perception stalls ({speedAtStall} rad/s)");
        Assert.Equal(StopCauses.None, rig.Safety.Causes);

        // Perception stalls: frames keep coming, no goal is published any more.
        driver.PerceptionStalled = true;
        long lastGoalTick = driver.LastGoalTick;
        long firedAt = -1;
        double decelerationStep = rig.Config.Safety.StopDecelerationRadPerS2 * rig.Control.PeriodNs * 1e-9;
        JointVector previous = rig.Control.LastCommand.VelocitiesRadPerS;
        long commandsZeroAt = -1;
        while (driver.Ticks - lastGoalTick < 1000)
        {
            driver.Frame(r =>
            {
                JointVector now = rig.Control.LastCommand.VelocitiesRadPerS;
                if (firedAt < 0 && rig.Safety.Causes != StopCauses.None)
                {
                    firedAt = driver.Ticks - 1; // index of the tick that just ran
                }

                if (firedAt >= 0)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        Assert.True(Math.Abs(now[j]) <= Math.Abs(previous[j]) + 1e-12, "a stopping joint sped up");
                        Assert.True(Math.Abs(previous[j] - now[j]) <= decelerationStep + 1e-12, "deceleration over the limit");
                    }

                    if (commandsZeroAt < 0 && now[0] == 0 && now[1] == 0)
                    {
                        commandsZeroAt = driver.Ticks;
                    }
                }

                previous = now;
            });
        }

        Assert.Equal(StopCauses.Watchdog, rig.Safety.Causes);
        // The watchdog fired on the first tick past its timeout (ticks counted from the last goal).
        Assert.Equal(lastGoalTick + rig.Safety.WatchdogTicks + 1, firedAt);
        Assert.True(commandsZeroAt > firedAt, "the velocity commands never reached zero");
        Assert.Equal(MotionState.Holding, rig.Safety.Motion);

        // Ground truth: the simulated joints stand still while the target keeps moving.
        JointState held = driver.Truth;
        for (int i = 0; i < 60; i++)
        {
            driver.Frame();
            JointState now = driver.Truth;
            Assert.True(Math.Abs(now.VelocitiesRadPerS[0]) < 1e-9 && Math.Abs(now.VelocitiesRadPerS[1]) < 1e-9, "a joint moves after the stop");
            Assert.Equal(held.PositionsRad[0], now.PositionsRad[0], 9);
            Assert.Equal(held.PositionsRad[1], now.PositionsRad[1], 9);
        }

        rig.SafetyLog.Drain();
        Assert.Contains(rig.SafetyLog.Recent(), e => e.Kind == SafetyEventKind.WatchdogExpired && e.Tick == firedAt);

        // Perception recovers: the robot tracks again.
        driver.PerceptionStalled = false;
        for (int i = 0; i < 90; i++)
        {
            driver.Frame();
        }

        Assert.Equal(StopCauses.None, rig.Safety.Causes);
        Assert.Equal(MotionState.Running, rig.Safety.Motion);
    }

    [Fact]
    public void EmergencyStopInTheFullLoopStopsWithinOneTickAndHoldsUntilReset()
    {
        using SimulatedRobotRig rig = TestRigs.Build(realTime: false);
        rig.WarmUp();
        var driver = new Driver(rig);
        for (int i = 0; i < 120; i++)
        {
            driver.Frame();
        }

        rig.Safety.RequestEmergencyStop();
        driver.Frame();
        Assert.Equal(1, rig.Safety.LastEmergencyStopLatencyTicks);
        for (int i = 0; i < 30; i++)
        {
            driver.Frame();
        }

        JointState held = driver.Truth;
        for (int i = 0; i < 90; i++)
        {
            driver.Frame();
            Assert.True(Math.Abs(driver.Truth.VelocitiesRadPerS[0]) < 1e-9, "pan moves during the e-stop");
            Assert.Equal(held.PositionsRad[0], driver.Truth.PositionsRad[0], 9);
        }

        Assert.True(rig.Safety.IsEmergencyStopLatched);
        rig.Safety.ResetEmergencyStop();
        for (int i = 0; i < 30; i++)
        {
            driver.Frame();
        }

        Assert.False(rig.Safety.IsEmergencyStopLatched);
        Assert.Equal(MotionState.Running, rig.Safety.Motion);
        Assert.NotEqual(held.PositionsRad[0], driver.Truth.PositionsRad[0]);
    }
}
