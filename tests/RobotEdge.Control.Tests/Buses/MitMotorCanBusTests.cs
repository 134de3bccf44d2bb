using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// <see cref="RobotEdge.Control.Buses.MitMotorCanBus"/> end to end over a real pseudo-terminal:
/// SLCAN transport on a Linux serial port, virtual adapter and MIT motors behind it. Progress is
/// counted in bus cycles, never in wall-clock time.
/// </summary>
public sealed class MitMotorCanBusTests
{
    private static readonly double[] GoalRad = [0.8, -0.5];

    [Theory]
    [InlineData(VirtualSlcanAckStyle.Lawicel, false)]
    [InlineData(VirtualSlcanAckStyle.CanableBareCr, true)]
    public void ControlLoop_DrivesTwoMotorsToGoal_Lockstep(VirtualSlcanAckStyle ackStyle, bool longReplies)
    {
        LockstepClock clock = new();
        using MitMotorCanRig rig = new(clock, ackStyle, longReplies);
        (ControlLoop loop, LatestMailbox<JointGoal> goals) = CreateLoop(rig, clock);
        rig.Bus.PumpCycle();
        goals.Publish(CreateGoal(clock.NowNs));

        for (int tick = 0; tick < 1_500; tick++)
        {
            clock.Advance(loop.PeriodNs);
            loop.Tick(clock.NowNs);
            rig.Bus.PumpCycle();
        }

        JointState truth = rig.WaitForTrueState(clock.NowNs);
        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Assert.InRange(truth.PositionsRad[0], GoalRad[0] - 0.01, GoalRad[0] + 0.01);
        Assert.InRange(truth.PositionsRad[1], GoalRad[1] - 0.01, GoalRad[1] + 0.01);
        Assert.All(rig.Motors, motor => Assert.Equal(1, motor.EnterCount));
    }

    [Fact]
    public void ControlLoop_DrivesTwoMotorsToGoal_OnTheBusThread()
    {
        using MitMotorCanRig rig = new(MonotonicClock.Instance, VirtualSlcanAckStyle.Lawicel);
        (ControlLoop loop, LatestMailbox<JointGoal> goals) = CreateLoop(rig, MonotonicClock.Instance);
        rig.Bus.Start();
        goals.Publish(CreateGoal(MonotonicClock.GetTimestampNs()));

        // One control tick per bus cycle: the test paces itself on the bus's cycle count, for at
        // least 1,500 ticks and then until the motors arrive (a loaded machine stretches the
        // motors' real-time motion; 60 s is a safety net, not a timing assertion).
        long giveUp = Environment.TickCount64 + 60_000;
        JointState truth;
        for (int tick = 0; ; tick++)
        {
            long cycle = rig.Bus.CycleCount;
            loop.Tick(MonotonicClock.GetTimestampNs());
            SpinWait.SpinUntil(() => rig.Bus.CycleCount > cycle, 1_000);
            if (tick >= 1_500 && tick % 100 == 0)
            {
                truth = rig.WaitForTrueState(MonotonicClock.GetTimestampNs());
                if (Arrived(truth) || Environment.TickCount64 > giveUp)
                {
                    break;
                }
            }
        }

        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Assert.InRange(truth.PositionsRad[0], GoalRad[0] - 0.01, GoalRad[0] + 0.01);
        Assert.InRange(truth.PositionsRad[1], GoalRad[1] - 0.01, GoalRad[1] + 0.01);
    }

    private static bool Arrived(in JointState truth) =>
        Math.Abs(truth.PositionsRad[0] - GoalRad[0]) <= 0.01 && Math.Abs(truth.PositionsRad[1] - GoalRad[1]) <= 0.01;

    [Theory]
    [InlineData(VirtualSlcanAckStyle.Lawicel)]
    [InlineData(VirtualSlcanAckStyle.CanableBareCr)]
    public void MotorThatDisappears_IsFaultedAfterThreeCycles_OthersKeepUpdating_RecoversWhenBack(VirtualSlcanAckStyle ackStyle)
    {
        LockstepClock clock = new();
        using MitMotorCanRig rig = new(clock, ackStyle);
        var command = new JointCommand { JointCount = 2 };
        var state = new JointState { JointCount = 2 };
        int step = 0;
        void Cycle()
        {
            clock.Advance(2_000_000);
            command.PositionsRad[0] = 0.01 * ++step;
            rig.Bus.Write(command);
            rig.Bus.PumpCycle();
            Assert.True(rig.Bus.TryRead(ref state), "joint 0 still answers, so every cycle publishes a state");
        }

        // Warm-up without assertions: the first cycles also JIT the adapter's thread.
        for (int i = 0; i < 10; i++)
        {
            clock.Advance(2_000_000);
            rig.Bus.PumpCycle();
            rig.Bus.TryRead(ref state);
        }

        Cycle();
        Assert.Equal(0, rig.Bus.FaultedJointMask);
        rig.Adapter.SetPresent(2, false);
        Cycle();
        Cycle();
        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Cycle();
        Assert.Equal(0b10, rig.Bus.FaultedJointMask);
        Assert.True(rig.Bus.TryGetFault(1, out string reason));
        Assert.Contains("no reply", reason, StringComparison.Ordinal);
        Assert.False(rig.Bus.TryGetFault(0, out _));

        double before = state.PositionsRad[0];
        for (int i = 0; i < 20; i++)
        {
            Cycle();
        }

        Assert.True(state.PositionsRad[0] > before + 0.05, $"joint 0 kept moving: {before} → {state.PositionsRad[0]}");
        Assert.Equal(0b10, rig.Bus.FaultedJointMask);

        // On its return the motor is put back in motor mode. Counted from here: a reply that a loaded
        // machine held past the timeout during warm-up also makes the bus enter again (seen: 3, not 2).
        long entersBeforeReturn = rig.Motors[1].EnterCount;
        rig.Adapter.SetPresent(2, true);
        Cycle();
        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Assert.False(rig.Bus.TryGetFault(1, out _));
        Assert.True(rig.Motors[1].EnterCount > entersBeforeReturn, "the returning motor was not put back in motor mode");
    }

    [Fact]
    public void Dispose_SendsExitMotorModeToEveryMotor()
    {
        LockstepClock clock = new();
        using MitMotorCanRig rig = new(clock, VirtualSlcanAckStyle.Lawicel);
        for (int i = 0; i < 3; i++)
        {
            clock.Advance(2_000_000);
            rig.Bus.PumpCycle();
        }

        Assert.All(rig.Motors, motor => Assert.Equal(0, motor.ExitCount));
        rig.Bus.Dispose();

        Assert.True(SpinWait.SpinUntil(() => rig.Motors[0].ExitCount == 1 && rig.Motors[1].ExitCount == 1, 5_000));
    }

    [Fact]
    public void WriteReadAndPumpCycle_AllocateNothing_AfterWarmUp()
    {
        LockstepClock clock = new();
        using MitMotorCanRig rig = new(clock, VirtualSlcanAckStyle.CanableBareCr);
        var command = new JointCommand { JointCount = 2 };
        var state = new JointState { JointCount = 2 };
        for (int i = 0; i < 200; i++)
        {
            clock.Advance(2_000_000);
            rig.Bus.Write(command);
            rig.Bus.PumpCycle();
            rig.Bus.TryRead(ref state);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            command.PositionsRad[0] = i * 1e-5;
            rig.Bus.Write(command);
            rig.Bus.TryRead(ref state);
        }

        long controlThreadBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            clock.Advance(2_000_000);
            rig.Bus.Write(command);
            rig.Bus.PumpCycle();
            rig.Bus.TryRead(ref state);
        }

        long cycleBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, controlThreadBytes);
        Assert.Equal(0, cycleBytes);
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }

    private static (ControlLoop Loop, LatestMailbox<JointGoal> Goals) CreateLoop(MitMotorCanRig rig, IClock clock)
    {
        JointLimitSet limits = new([-2.0, -2.0], [2.0, 2.0], [3.0, 3.0]);
        LatestMailbox<JointGoal> goals = new();
        // One goal, published once and held: a goal source this quiet would trip the command watchdog,
        // and any stop (a bus thread starved on a loaded machine reads as lost feedback) discards the
        // goal for good. Both are tested in Safety/; here they get long timeouts.
        var safety = new SafetySupervisor(limits, new SafetyConfig { WatchdogTimeoutMs = 60_000, FeedbackLossTicks = 10_000 }, 500);
        ControlLoop loop = new(rig.Bus, goals, new JointTrackingController(limits, new ControlConfig()), 500, safety);
        return (loop, goals);
    }

    private static JointGoal CreateGoal(long nowNs)
    {
        return new JointGoal { Stamp = new FrameStamp(1, nowNs, nowNs), JointCount = 2, PositionsRad = JointVector.From(GoalRad), PlannedRealNs = nowNs };
    }
}
