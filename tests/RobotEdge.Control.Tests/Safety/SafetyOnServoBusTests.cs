using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.Control.Tests.Buses;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Tests.Safety;

/// <summary>
/// The safety layer over a real serial servo bus (virtual servos on a pseudo-terminal, lockstep):
/// a servo that reports a hardware error or stops answering stops the robot through
/// <c>FaultedJointMask</c>; the servos' own truth says the joints stood still.
/// </summary>
public sealed class SafetyOnServoBusTests
{
    private const int Servos = 2;
    private const double RateHz = 100;

    [Theory]
    [InlineData(ServoProtocol.DynamixelX, false)]
    [InlineData(ServoProtocol.DynamixelX, true)]
    [InlineData(ServoProtocol.FeetechSts3215, true)]
    public void AFaultedServoStopsTheRobotUntilTheFaultClears(ServoProtocol protocol, bool unplug)
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(protocol, Servos, clock, cycleTimeoutMs: 20);
        var limits = new JointLimitSet([-2.0, -2.0], [2.0, 2.0], [2.0, 2.0]);
        var goals = new LatestMailbox<JointGoal>();
        var loop = new ControlLoop(rig.Bus, goals, new JointTrackingController(limits, new ControlConfig { Ki = 0 }), RateHz,
            new SafetySupervisor(limits, new SafetyConfig(), RateHz));
        long sequence = 0;

        void Tick()
        {
            clock.Advance(loop.PeriodNs);
            rig.Bus.PumpCycle();
            double t = clock.NowNs * 1e-9;
            // A moving goal, published every tick (a live planner).
            goals.Publish(new JointGoal
            {
                Stamp = new FrameStamp(sequence++, clock.NowNs, 0),
                JointCount = Servos,
                PositionsRad = JointVector.From([0.8 * Math.Sin(t), -0.5 * Math.Sin(0.7 * t)]),
            });
            loop.Tick(clock.NowNs);
        }

        for (int i = 0; i < 150; i++)
        {
            Tick();
        }

        Assert.Equal(StopCauses.None, loop.Safety.Causes);
        JointVector before = rig.TrueJointPositions();
        Tick();
        Tick();
        Assert.NotEqual(before[0], rig.TrueJointPositions()[0]); // moving

        if (unplug)
        {
            rig.Chain.SetPresent(2, false);
        }
        else
        {
            rig.Chain.SetHardwareError(2, 0x04); // overheating
        }

        int ticksToStop = 0;
        while (loop.Safety.Causes == StopCauses.None && ticksToStop < 20)
        {
            Tick();
            ticksToStop++;
        }

        Assert.Equal(StopCauses.ActuatorFault, loop.Safety.Causes);
        Assert.True(ticksToStop <= 4, $"the fault took {ticksToStop} cycles to stop the robot");
        for (int i = 0; i < 60; i++)
        {
            Tick();
        }

        // Held: the answering servo's true position no longer changes although goals keep moving.
        Assert.Equal(MotionState.Holding, loop.Safety.Motion);
        double held = rig.TrueJointPositions()[0];
        for (int i = 0; i < 100; i++)
        {
            Tick();
        }

        Assert.Equal(held, rig.TrueJointPositions()[0], 3);

        if (unplug)
        {
            rig.Chain.SetPresent(2, true);
        }
        else
        {
            rig.Chain.SetHardwareError(2, 0);
        }

        for (int i = 0; i < 30; i++)
        {
            Tick();
        }

        Assert.Equal(StopCauses.None, loop.Safety.Causes);
        Assert.Equal(MotionState.Running, loop.Safety.Motion);
    }
}
