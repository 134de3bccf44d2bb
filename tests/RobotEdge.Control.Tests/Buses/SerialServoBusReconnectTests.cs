using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>An adapter unplugged and plugged back in: the bus reopens its port without a restart.</summary>
public sealed class SerialServoBusReconnectTests
{
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
            Protocol = ServoProtocol.DynamixelX,
            Joints = [new ServoJoint(1, Math.PI, 1), new ServoJoint(2, Math.PI, 1)],
            CycleTimeoutMs = 50,
            ReconnectIntervalMs = 1,
        };

        // The "same adapter" comes back on a new pseudo-terminal path; the factory follows it.
        using var bus = new SerialServoBus(config, clock, () => LinuxSerialPort.Open(Volatile.Read(ref current).DevicePath, config.BaudRate));
        bus.Energize();
        Assert.True(bus.PumpCycle());
        Assert.Equal(0, bus.FaultedJointMask);

        firstChain.Dispose();
        first.Dispose(); // Unplugged: the bus's side sees a hang-up.
        Assert.False(bus.PumpCycle());
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
}
