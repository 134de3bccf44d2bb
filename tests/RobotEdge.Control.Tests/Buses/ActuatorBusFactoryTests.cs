using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Bus.Transports.Serial;
using RobotEdge.Control.Buses;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>The production factory builds real buses from robot.json URIs; the virtual servos sit on real ptys.</summary>
public sealed class ActuatorBusFactoryTests
{
    private const string ThreeJointUrdf = """
        <robot name="three">
          <link name="a"/><link name="b"/><link name="c"/><link name="d"/>
          <joint name="j1" type="revolute"><parent link="a"/><child link="b"/><axis xyz="0 0 1"/><limit lower="-2" upper="2" velocity="3" effort="1"/></joint>
          <joint name="j2" type="revolute"><parent link="b"/><child link="c"/><axis xyz="0 1 0"/><limit lower="-2" upper="2" velocity="3" effort="1"/></joint>
          <joint name="j3" type="revolute"><parent link="c"/><child link="d"/><axis xyz="0 1 0"/><limit lower="-2" upper="2" velocity="3" effort="1"/></joint>
        </robot>
        """;

    private static readonly IReadOnlyList<UrdfJoint> Joints = UrdfParser.Parse(ThreeJointUrdf).Joints.Where(j => j.IsActive).ToList();

    private static BusLayout Layout(params BusGroupConfig[] groups) => BusLayout.Resolve(new RobotConfig { Buses = [.. groups] }, Joints);

    private static BusJointConfig Joint(string name, int id, int direction = 1) => new() { Name = name, Id = id, Direction = direction };

    [Fact]
    public void Two_uris_become_a_composite_of_two_started_serial_buses_reading_the_true_joint_angles()
    {
        using var dxlPty = PseudoTerminal.Open();
        using var stsPty = PseudoTerminal.Open();
        var clock = MonotonicClock.Instance;
        // Servo shaft angles: π ± joint angle (directions +1 for j1, j3; −1 for j2).
        using var dxl = new VirtualDynamixelChain(dxlPty, clock, [11, 12], new VirtualServoChainOptions { InitialPositionRad = Math.PI + 0.3 });
        using var sts = new VirtualFeetechChain(stsPty, clock, [7], new VirtualServoChainOptions { InitialPositionRad = Math.PI - 0.5 });
        BusLayout layout = Layout(
            new BusGroupConfig { Uri = $"dynamixel:{dxlPty.DevicePath}@1000000", Joints = [Joint("j1", 11), Joint("j3", 12)] },
            new BusGroupConfig { Uri = $"feetech:{stsPty.DevicePath}@1000000", Joints = [Joint("j2", 7, direction: -1)] });

        using IActuatorBus bus = ActuatorBusFactory.Create(layout, clock);

        CompositeActuatorBus composite = Assert.IsType<CompositeActuatorBus>(bus);
        Assert.All(composite.Members, m => Assert.True(Assert.IsType<SerialServoBus>(m).IsStarted));
        var state = new JointState { JointCount = 3 };
        bool read = false;
        for (int attempt = 0; attempt < 2000 && !read; attempt++)
        {
            read = bus.TryRead(ref state);
            Thread.Sleep(1);
        }

        Assert.True(read, "no state from the I/O threads");
        // One encoder tick is 2π / 4096 ≈ 1.5 mrad.
        const double tick = 2 * Math.PI / 4096;
        Assert.Equal(0.3, state.PositionsRad[0], tick);
        Assert.Equal(0.5, state.PositionsRad[1], tick);
        Assert.Equal(0.3, state.PositionsRad[2], tick);
    }

    [Fact]
    public void One_uri_becomes_that_bus_itself()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualFeetechChain(pty, MonotonicClock.Instance, [1, 2, 3]);
        BusLayout layout = BusLayout.Resolve(new RobotConfig { Bus = $"feetech:{pty.DevicePath}@1000000" }, Joints);

        using IActuatorBus bus = ActuatorBusFactory.Create(layout, MonotonicClock.Instance);

        SerialServoBus serial = Assert.IsType<SerialServoBus>(bus);
        Assert.Equal(ServoProtocol.FeetechSts3215, serial.Config.Protocol);
        Assert.Equal([1, 2, 3], serial.Config.Joints.Select(j => (int)j.ServoId));
    }

    [Fact]
    public void Port_option_system_builds_a_bus_on_system_io_ports_that_reads_the_servos()
    {
        using var pty = PseudoTerminal.Open();
        using var chain = new VirtualDynamixelChain(pty, MonotonicClock.Instance, [1, 2, 3]);
        BusLayout layout = BusLayout.Resolve(new RobotConfig { Bus = $"dynamixel:{pty.DevicePath}@1000000?port=system" }, Joints);

        using IActuatorBus bus = ActuatorBusFactory.Create(layout, MonotonicClock.Instance);

        SerialServoBus serial = Assert.IsType<SerialServoBus>(bus);
        Assert.Equal(SerialPortKind.System, serial.Config.PortKind);
        var state = default(JointState);
        bool read = false;
        for (int attempt = 0; attempt < 2000 && !read; attempt++)
        {
            read = bus.TryRead(ref state);
            Thread.Sleep(5);
        }

        Assert.True(read, "no feedback over System.IO.Ports");
        Assert.Equal(3, state.JointCount);
        Assert.True(serial.IsConnected);
    }

    [Theory]
    [InlineData("dynamixel:/dev/ttyUSB0@500000", "500000 bps is not a DYNAMIXEL X baud rate")]
    [InlineData("feetech:/dev/ttyUSB0@2000000", "2000000 bps is not an STS3215 baud rate")]
    [InlineData("sim-dynamixel", "is a simulator bus")]
    public void Unsupported_buses_are_refused_before_any_port_is_opened(string uri, string expected)
    {
        BusLayout layout = BusLayout.Resolve(new RobotConfig { Bus = uri }, Joints);

        var e = Assert.Throws<ArgumentException>(() => ActuatorBusFactory.Create(layout, MonotonicClock.Instance));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamixel:/dev/robotedge-no-such-port@1000000")]
    [InlineData("slcan:/dev/robotedge-no-such-port@1000000")]
    [InlineData("feetech:/dev/robotedge-no-such-port@1000000?port=system")]
    [InlineData("slcan:/dev/robotedge-no-such-port@1000000?port=system")]
    public void A_missing_port_is_a_clear_io_error(string uri)
    {
        BusLayout layout = BusLayout.Resolve(new RobotConfig { Bus = uri }, Joints);

        var e = Assert.Throws<IOException>(() => ActuatorBusFactory.Create(layout, MonotonicClock.Instance));
        Assert.Contains("serial port /dev/robotedge-no-such-port does not exist", e.Message, StringComparison.Ordinal);
    }
}
