using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Actuators;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// Nothing that moves an actuator goes on the wire before <c>Energize()</c>: the virtual devices on
/// real pseudo-terminals count every Torque Enable write, goal and enter-motor-mode frame they
/// receive, so "nothing before, all of it after" is read from the device side of the wire.
/// </summary>
public sealed class BusEnergizeTests
{
    /// <summary>Liveness bound for "eventually" waits; never a timing assertion.</summary>
    private const int EventuallyMs = 20_000;

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Serial_bus_on_its_io_thread_reads_feedback_but_sends_no_torque_enable_or_goal_until_energised(ServoProtocol protocol)
    {
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount: 3, MonotonicClock.Instance, energize: false);
        rig.Bus.Connect();
        rig.Bus.Start();

        // A command far from where the servos rest: were it sent, the servos would move.
        rig.Bus.Write(Command(3, 0.8));
        var state = new JointState { JointCount = 3 };
        WaitUntil(() => rig.Bus.TryRead(ref state) && rig.Bus.CycleCount >= 30, "no feedback from the servos before Energize");

        Assert.Equal(0, rig.Chain.TorqueEnableWriteCount);
        Assert.Equal(0, rig.Chain.AppliedGoalCount);
        Assert.Equal(0, rig.Chain.TorqueOnMask);
        Assert.False(rig.Bus.IsEnergized);

        rig.Bus.Energize();

        WaitUntil(() => rig.Chain.TorqueOnMask == 0b111 && rig.Chain.AppliedGoalCount >= 3, "torque and goals did not follow Energize");
        Assert.True(rig.Chain.TorqueEnableWriteCount >= 1);
        Assert.True(rig.Bus.IsEnergized);
    }

    [Theory]
    [InlineData(ServoProtocol.DynamixelX)]
    [InlineData(ServoProtocol.FeetechSts3215)]
    public void Serial_bus_in_lockstep_sends_torque_enable_with_the_first_cycle_after_Energize(ServoProtocol protocol)
    {
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount: 2, MonotonicClock.Instance, energize: false);
        rig.Bus.Write(Command(2, -0.5));
        for (int i = 0; i < 10; i++)
        {
            Assert.True(rig.Bus.PumpCycle());
        }

        Assert.Equal(0, rig.Chain.TorqueEnableWriteCount);
        Assert.Equal(0, rig.Chain.AppliedGoalCount);

        rig.Bus.Energize();
        rig.Bus.Energize(); // idempotent
        Assert.True(rig.Bus.PumpCycle());

        // The cycle wrote Torque Enable and the goals before its Sync Read, whose answers it waited
        // for: the chain handled both writes before answering. One Torque Enable write per servo.
        Assert.Equal(2, rig.Chain.TorqueEnableWriteCount);
        Assert.Equal(0b11, rig.Chain.TorqueOnMask);
        Assert.Equal(2, rig.Chain.AppliedGoalCount);
    }

    [Fact]
    public void A_reconnected_serial_bus_energises_the_new_port_only_once_Energize_was_called()
    {
        var clock = MonotonicClock.Instance;
        using PseudoTerminal first = PseudoTerminal.Open();
        var firstChain = new VirtualDynamixelChain(first, clock, [1, 2]);
        PseudoTerminal current = first;
        var config = new ServoBusConfig
        {
            PortPath = first.DevicePath,
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1), new ServoJoint(2, Math.PI, 1)],
            CycleTimeoutMs = 50,
            ReconnectIntervalMs = 1,
        };
        using var bus = new SerialServoBus(config, clock, () => LinuxSerialPort.Open(Volatile.Read(ref current).DevicePath, config.BaudRate));
        bus.Connect();
        Assert.True(bus.PumpCycle());

        firstChain.Dispose();
        first.Dispose(); // unplugged
        Assert.False(bus.PumpCycle());

        using PseudoTerminal second = PseudoTerminal.Open();
        using var secondChain = new VirtualDynamixelChain(second, clock, [1, 2]);
        Volatile.Write(ref current, second);
        WaitUntil(() => bus.PumpCycle(), "the bus did not reopen the port");
        for (int i = 0; i < 5; i++)
        {
            bus.PumpCycle();
        }

        Assert.Equal(1, bus.ReconnectCount);
        Assert.Equal(0, secondChain.TorqueEnableWriteCount);
        Assert.Equal(0, secondChain.TorqueOnMask);

        bus.Energize();
        Assert.True(bus.PumpCycle());
        Assert.Equal(2, secondChain.TorqueEnableWriteCount);
        Assert.Equal(0b11, secondChain.TorqueOnMask);
    }

    [Fact]
    public void Mit_motor_bus_sends_no_frame_at_all_until_energised_then_enters_motor_mode_once_per_motor()
    {
        using var rig = new MitMotorCanRig(MonotonicClock.Instance, VirtualSlcanAckStyle.Lawicel, energize: false);
        rig.Bus.Write(Command(2, 1.0));
        for (int i = 0; i < 10; i++)
        {
            rig.Bus.PumpCycle();
        }

        Assert.All(rig.Motors, m => Assert.Equal((0L, 0L), (m.EnterCount, m.CommandCount)));
        Assert.Equal(0, rig.Transport.SentCount);
        Assert.Equal(0, rig.Bus.FaultedJointMask); // not judged silent: nothing was asked

        rig.Bus.Energize();
        // The virtual motors read the pseudo-terminal on their own thread: on a loaded machine a frame
        // may still be in flight after the cycle that sent it, so cycle until every motor has heard a
        // command (or 10 s pass), then check that each entered motor mode exactly once.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            rig.Bus.PumpCycle();
        }
        while (!rig.Motors.All(m => m.CommandCount >= 1) && DateTime.UtcNow < deadline);

        Assert.All(rig.Motors, m => Assert.Equal(1L, m.EnterCount));
        Assert.All(rig.Motors, m => Assert.True(m.CommandCount >= 1));
        Assert.True(rig.Bus.IsEnergized);
    }

    [Fact]
    public void Mit_motor_bus_on_its_io_thread_waits_for_Energize()
    {
        using var rig = new MitMotorCanRig(MonotonicClock.Instance, VirtualSlcanAckStyle.CanableBareCr, energize: false);
        rig.Bus.Start();
        WaitUntil(() => rig.Bus.CycleCount >= 30, "the I/O thread did not run");

        Assert.All(rig.Motors, m => Assert.Equal((0L, 0L), (m.EnterCount, m.CommandCount)));

        rig.Bus.Energize();

        WaitUntil(() => rig.Motors.All(m => m.EnterCount >= 1 && m.CommandCount >= 1), "enter-motor-mode did not follow Energize");
    }

    [Fact]
    public void Composite_bus_energises_every_member()
    {
        var clock = MonotonicClock.Instance;
        var memory = new SimulatedActuatorBus(clock, [-1.0], [1.0], [2.0], 0.05, [0.0]);
        ServoBusRig rig = ServoBusRig.Create(ServoProtocol.DynamixelX, servoCount: 1, clock, energize: false);
        try
        {
            using var composite = new CompositeActuatorBus([memory, rig.Bus], [[1], [0]]);
            Assert.True(rig.Bus.PumpCycle());
            Assert.False(memory.IsEnergized);
            Assert.Equal(0, rig.Chain.TorqueEnableWriteCount);

            composite.Energize();

            Assert.True(memory.IsEnergized);
            Assert.True(rig.Bus.PumpCycle());
            Assert.Equal(1, rig.Chain.TorqueEnableWriteCount);
        }
        finally
        {
            rig.Dispose();
        }
    }

    private static JointCommand Command(int joints, double positionRad)
    {
        var command = new JointCommand { JointCount = joints };
        for (int i = 0; i < joints; i++)
        {
            command.PositionsRad[i] = positionRad;
        }

        return command;
    }

    private static void WaitUntil(Func<bool> condition, string failure)
    {
        long deadline = Environment.TickCount64 + EventuallyMs;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, failure);
            Thread.Sleep(2);
        }
    }
}
