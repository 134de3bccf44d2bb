using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Loop;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// The servo bus over the System.IO.Ports transport (<see cref="PortableSerialPort"/>, the Windows
/// and macOS default) on a real pseudo-terminal: Sync Write + Sync Read against virtual chains, a
/// servo that stops answering, and an adapter unplugged and plugged back in. Cycle timeouts are
/// generous: System.IO.Ports rounds waits up to 30 ms and the CI machine is loaded.
/// </summary>
public sealed class SerialServoBusSystemPortTests
{
    private const double ToleranceRad = 0.01;

    [Theory]
    [InlineData(ServoProtocol.DynamixelX, 6)]
    [InlineData(ServoProtocol.FeetechSts3215, 6)]
    public void Lockstep_sync_write_and_sync_read_converge_to_goal(ServoProtocol protocol, int servoCount)
    {
        var clock = new LockstepClock();
        // Lockstep: the cycle timeout only bounds how long a reply may take to cross the pseudo-terminal
        // in real time; generous, so that a loaded machine does not count a slow reply as missed.
        using ServoBusRig rig = ServoBusRig.Create(protocol, servoCount, clock, cycleTimeoutMs: 3_000, portKind: SerialPortKind.System);
        (ControlLoop loop, JointVector goal) = SerialServoBusConvergenceTests.CreateLoop(rig.Bus, servoCount);

        for (int tick = 0; tick < 600; tick++)
        {
            clock.Advance(loop.PeriodNs);
            Assert.True(rig.Bus.PumpCycle());
            loop.Tick(clock.NowNs);
        }

        JointVector truth = rig.TrueJointPositions();
        for (int i = 0; i < servoCount; i++)
        {
            Assert.InRange(truth[i], goal[i] - ToleranceRad, goal[i] + ToleranceRad);
        }

        Assert.Equal(0, rig.Bus.FaultedJointMask);
        Assert.Equal(0, rig.Bus.CrcErrors);
        Assert.Equal(0, rig.Bus.MissedReplies);
    }

    [Fact]
    public void Silent_servo_faults_after_three_cycles_and_recovers()
    {
        var clock = new LockstepClock();
        using ServoBusRig rig = ServoBusRig.Create(ServoProtocol.DynamixelX, 3, clock, cycleTimeoutMs: 200, portKind: SerialPortKind.System);
        for (int i = 0; i < 3; i++)
        {
            Assert.True(rig.Bus.PumpCycle());
        }

        rig.Chain.SetPresent(2, false); // Joint 1.
        for (int cycle = 1; cycle <= 3; cycle++)
        {
            clock.Advance(10_000_000);
            Assert.True(rig.Bus.PumpCycle());
            Assert.True(rig.Bus.TryGetFault(1, out JointFault fault));
            Assert.Equal(cycle, fault.ConsecutiveMissedReplies);
            Assert.False(rig.Bus.TryGetFault(0, out _));
            Assert.False(rig.Bus.TryGetFault(2, out _));
        }

        Assert.Equal(0b010, rig.Bus.FaultedJointMask);
        rig.Chain.SetPresent(2, true);
        Assert.True(rig.Bus.PumpCycle());
        Assert.Equal(0, rig.Bus.FaultedJointMask);
    }

    [Fact]
    public void Unplugged_port_faults_every_joint_and_reconnects()
    {
        var clock = new LockstepClock();
        PseudoTerminal first = PseudoTerminal.Open();
        var firstChain = new VirtualDynamixelChain(first, clock, [1, 2]);
        PseudoTerminal current = first;
        var config = new ServoBusConfig
        {
            PortPath = first.DevicePath,
            PortKind = SerialPortKind.System,
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1), new ServoJoint(2, Math.PI, 1)],
            CycleTimeoutMs = 200,
            ReconnectIntervalMs = 1,
        };

        // The "same adapter" comes back on a new pseudo-terminal path; the factory follows it.
        using var bus = new SerialServoBus(config, clock, () => SerialPorts.Open(SerialPortKind.System, Volatile.Read(ref current).DevicePath, config.BaudRate));
        bus.Energize();
        Assert.True(bus.PumpCycle());
        Assert.Equal(0, bus.FaultedJointMask);

        firstChain.Dispose();
        first.Dispose(); // Unplugged: the bus's side sees a hang-up.

        // System.IO.Ports may notice the hang-up one call late (its polling thread ends first): the
        // first failing cycle is the one that must fault every joint.
        bool failed = false;
        for (int attempt = 0; attempt < 20 && !failed; attempt++)
        {
            failed = !bus.PumpCycle();
        }

        Assert.True(failed);
        Assert.False(bus.IsConnected);
        Assert.Equal(0b11, bus.FaultedJointMask);
        Assert.True(bus.TryGetFault(0, out JointFault fault) && fault.Flags.HasFlag(JointFaultFlags.NoReply));

        using PseudoTerminal second = PseudoTerminal.Open();
        using var secondChain = new VirtualDynamixelChain(second, clock, [1, 2]);
        Volatile.Write(ref current, second);
        bool reconnected = false;
        for (int attempt = 0; attempt < 1000 && !reconnected; attempt++)
        {
            reconnected = bus.PumpCycle();
            Thread.Sleep(1);
        }

        Assert.True(reconnected);
        Assert.Equal(1, bus.ReconnectCount);
        Assert.Equal(0, bus.FaultedJointMask);
    }

    [Fact]
    public void Default_servo_bus_opens_the_kind_its_config_names()
    {
        var clock = new LockstepClock();
        using PseudoTerminal pty = PseudoTerminal.Open();
        using var chain = new VirtualFeetechChain(pty, clock, [1]);
        var config = new ServoBusConfig
        {
            PortPath = pty.DevicePath,
            PortKind = SerialPortKind.System,
            Protocol = ServoProtocol.FeetechSts3215,
            Joints = [new ServoJoint(1, Math.PI, 1)],
            CycleTimeoutMs = 500,
        };
        using var bus = new SerialServoBus(config, clock);
        bus.Energize();
        var state = default(JointState);

        Assert.True(bus.PumpCycle());
        Assert.True(bus.TryRead(ref state));
        Assert.Equal(0, bus.FaultedJointMask);
    }
}
