using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Concurrency;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Controllers;
using RobotEdge.Control.Loop;
using RobotEdge.Control.Safety;
using RobotEdge.RobotModel.Config;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// One robot spanning two buses: a Dynamixel chain and a Feetech chain, each on its own pseudo-terminal,
/// interleaved in the robot's joint order (robot joints 0, 2 on Dynamixel; 1, 3 on Feetech).
/// </summary>
public sealed class CompositeActuatorBusTests : IDisposable
{
    private static readonly int[] DynamixelJoints = [0, 2];
    private static readonly int[] FeetechJoints = [1, 3];
    private readonly LockstepClock _clock = new();
    private readonly ServoBusRig _dynamixel;
    private readonly ServoBusRig _feetech;
    private readonly CompositeActuatorBus _bus;

    public CompositeActuatorBusTests()
    {
        _dynamixel = ServoBusRig.Create(ServoProtocol.DynamixelX, 2, _clock);
        _feetech = ServoBusRig.Create(ServoProtocol.FeetechSts3215, 2, _clock);
        // The composite does not own the rigs' buses here: the rigs dispose them.
        _bus = new CompositeActuatorBus([_dynamixel.Bus, _feetech.Bus], [DynamixelJoints, FeetechJoints]);
    }

    public void Dispose()
    {
        _dynamixel.Dispose();
        _feetech.Dispose();
    }

    private void PumpBoth()
    {
        Assert.True(_dynamixel.Bus.PumpCycle());
        Assert.True(_feetech.Bus.PumpCycle());
    }

    private double TrueRobotJoint(int robotJoint)
    {
        int k = Array.IndexOf(DynamixelJoints, robotJoint);
        return k >= 0 ? _dynamixel.TrueJointPositions()[k] : _feetech.TrueJointPositions()[Array.IndexOf(FeetechJoints, robotJoint)];
    }

    [Fact]
    public void Loop_over_two_buses_converges_each_joint_to_its_goal()
    {
        var limits = new JointLimitSet([-2, -2, -2, -2], [2, 2, 2, 2], [2, 2, 2, 2]);
        var goals = new LatestMailbox<JointGoal>();
        // One goal held for the whole test: long watchdog and feedback timeouts, as in SerialServoBusConvergenceTests.
        var safety = new SafetySupervisor(limits, new SafetyConfig { WatchdogTimeoutMs = 60_000, FeedbackLossTicks = 10_000 }, rateHz: 100);
        var loop = new ControlLoop(_bus, goals, new JointTrackingController(limits, new ControlConfig { Ki = 0 }), rateHz: 100, safety);
        JointVector goal = JointVector.From([0.7, -0.4, 0.2, -1.1]);
        goals.Publish(new JointGoal { Stamp = new FrameStamp(1, 0, 0), JointCount = 4, PositionsRad = goal });

        for (int tick = 0; tick < 600; tick++)
        {
            _clock.Advance(loop.PeriodNs);
            PumpBoth();
            loop.Tick(_clock.NowNs);
        }

        for (int i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(TrueRobotJoint(i) - goal[i]) < 0.01, $"robot joint {i}: true {TrueRobotJoint(i):F4}, goal {goal[i]}");
        }

        Assert.Equal(0, _bus.FaultedJointMask);
    }

    [Fact]
    public void Read_waits_for_every_bus_then_merges_states_in_robot_order()
    {
        var state = new JointState { JointCount = 4 };
        Assert.True(_dynamixel.Bus.PumpCycle());
        Assert.False(_bus.TryRead(ref state));

        Assert.True(_feetech.Bus.PumpCycle());
        Assert.True(_bus.TryRead(ref state));
        Assert.False(_bus.TryRead(ref state));

        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(TrueRobotJoint(i), state.PositionsRad[i], 3);
        }
    }

    [Fact]
    public void Unplugged_servo_faults_its_robot_joint_only()
    {
        var command = new JointCommand { JointCount = 4 };
        _bus.Write(command);
        PumpBoth();
        Assert.Equal(0, _bus.FaultedJointMask);

        _feetech.Chain.SetPresent(2, false); // Feetech servo 2 drives robot joint 3.
        for (int cycle = 0; cycle < 3; cycle++)
        {
            PumpBoth();
        }

        Assert.Equal(1 << 3, _bus.FaultedJointMask);

        _feetech.Chain.SetPresent(2, true);
        PumpBoth();
        Assert.Equal(0, _bus.FaultedJointMask);
    }

    [Fact]
    public void Write_and_read_allocate_nothing()
    {
        var state = new JointState { JointCount = 4 };
        var command = new JointCommand { JointCount = 4 };
        for (int i = 0; i < 100; i++)
        {
            _bus.Write(command);
            _bus.TryRead(ref state);
            _ = _bus.FaultedJointMask;
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            command.PositionsRad[i % 4] = i * 1e-4;
            _bus.Write(command);
            _bus.TryRead(ref state);
            _ = _bus.FaultedJointMask;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Joint_lists_must_cover_every_joint_once()
    {
        Assert.Throws<ArgumentException>(() => new CompositeActuatorBus([_dynamixel.Bus, _feetech.Bus], [[0, 1], [1, 3]]));
        Assert.Throws<ArgumentException>(() => new CompositeActuatorBus([_dynamixel.Bus, _feetech.Bus], [[0, 1], [2]]));
    }
}
