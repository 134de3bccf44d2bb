using System.Text;
using Microsoft.Extensions.Configuration;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Messages;
using RobotEdge.Control.Buses;
using RobotEdge.Control.Drivers.MitMotor;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Urdf;
using RobotEdge.Sim.Devices;

namespace RobotEdge.Control.Tests.Buses;

/// <summary>
/// robot.json names the MIT motor on each CAN joint (<c>"motor": "AK80-64"</c>) or writes its ranges
/// out (<c>"motorRanges"</c>); the driver scales every command and reply with them. Ground truth: the
/// range table of the CubeMars AK Series Actuator Driver Manual V1.0.8, §5.3.
/// </summary>
public sealed class MitMotorModelConfigTests
{
    private const string TwoJointUrdf = """
        <robot name="two">
          <link name="a"/><link name="b"/><link name="c"/>
          <joint name="hip" type="revolute"><parent link="a"/><child link="b"/><axis xyz="0 0 1"/><limit lower="-2" upper="2" velocity="3" effort="1"/></joint>
          <joint name="knee" type="revolute"><parent link="b"/><child link="c"/><axis xyz="0 1 0"/><limit lower="-2" upper="2" velocity="3" effort="1"/></joint>
        </robot>
        """;

    private static readonly IReadOnlyList<UrdfJoint> Joints = UrdfParser.Parse(TwoJointUrdf).Joints.Where(j => j.IsActive).ToList();

    [Theory]
    [InlineData("AK10-9", 50, 65)]
    [InlineData("AK60-6", 45, 15)]
    [InlineData("AK70-10", 50, 25)]
    [InlineData("AK80-6", 76, 12)]
    [InlineData("AK80-9", 50, 18)]
    [InlineData("ak80-64", 8, 144)]
    [InlineData("mini-cheetah", 65, 18)]
    public void A_named_model_gives_the_manuals_ranges(string model, float velocityMax, float torqueMax)
    {
        MitMotorBusConfig config = ActuatorBusFactory.CreateMitMotorConfig(Group("slcan:/dev/ttyACM0@115200", model, null));

        MitMotorLimits limits = config.Joints[0].Limits;
        Assert.Equal((-12.5f, 12.5f), (limits.PositionMinRad, limits.PositionMaxRad));
        Assert.Equal((-velocityMax, velocityMax), (limits.VelocityMinRadPerS, limits.VelocityMaxRadPerS));
        Assert.Equal((-torqueMax, torqueMax), (limits.TorqueMinNm, limits.TorqueMaxNm));
        Assert.Equal((0f, 500f, 0f, 5f), (limits.KpMin, limits.KpMax, limits.KdMin, limits.KdMax));
        // The other joint named nothing: the default model, the AK80-9.
        Assert.Equal(MitMotorLimits.CubeMarsAK80_9, config.Joints[1].Limits);
    }

    [Fact]
    public void An_unknown_model_is_refused_with_the_known_list()
    {
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ActuatorBusFactory.CreateMitMotorConfig(Group("socketcan:can0", "AK80-8", null)));

        Assert.Contains("motor 'AK80-8' is not a known MIT motor model", e.Message, StringComparison.Ordinal);
        Assert.Contains("known: AK10-9, AK60-6, AK70-10, AK80-6, AK80-9, AK80-64, mini-cheetah", e.Message, StringComparison.Ordinal);
        Assert.Contains("joint 'hip'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_ranges_are_used_with_their_defaults_filled_in()
    {
        var ranges = new BusMotorRangesConfig { PositionMaxRad = 95.5, VelocityMaxRadPerS = 30, TorqueMaxNm = 18, KpMax = 500, KdMax = 5 };

        MitMotorBusConfig config = ActuatorBusFactory.CreateMitMotorConfig(Group("socketcan:can0", null, ranges));

        Assert.Equal(new MitMotorLimits(-95.5f, 95.5f, -30f, 30f, 0f, 500f, 0f, 5f, -18f, 18f), config.Joints[0].Limits);
    }

    [Theory]
    [InlineData(double.NaN, 30.0, "positionMaxRad must be a finite number > 0, not NaN")]
    [InlineData(-1.0, 30.0, "positionMaxRad must be a finite number > 0, not -1")]
    [InlineData(12.5, double.PositiveInfinity, "velocityMaxRadPerS must be a finite number > 0")]
    [InlineData(12.5, null, "velocityMaxRadPerS is required")]
    public void Bad_explicit_ranges_are_refused_naming_the_field(double? positionMax, double? velocityMax, string expected)
    {
        var ranges = new BusMotorRangesConfig { PositionMaxRad = positionMax, VelocityMaxRadPerS = velocityMax, TorqueMaxNm = 18, KpMax = 500, KdMax = 5 };

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Resolve("socketcan:can0", new BusJointConfig { Name = "hip", MotorRanges = ranges }));

        Assert.Contains("buses[0].joints[0].motorRanges." + expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_minimum_not_below_its_maximum_is_refused()
    {
        var ranges = new BusMotorRangesConfig { PositionMaxRad = 12.5, VelocityMaxRadPerS = 30, TorqueMaxNm = 18, TorqueMinNm = 18, KpMax = 500, KdMax = 5 };

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Resolve("socketcan:can0", new BusJointConfig { Name = "hip", MotorRanges = ranges }));

        Assert.Contains("torqueMinNm must be a finite number below its maximum 18, not 18", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000", "AK80-9", false, "motor and motorRanges describe MIT motors on a CAN bus")]
    [InlineData("socketcan:can0", "AK80-9", true, "sets both motor and motorRanges")]
    [InlineData("socketcan:can0", " ", false, "motor of joint 'hip' is empty")]
    public void Misplaced_motor_fields_are_refused(string uri, string motor, bool alsoRanges, string expected)
    {
        var joint = new BusJointConfig
        {
            Name = "hip",
            Motor = motor,
            MotorRanges = alsoRanges ? new BusMotorRangesConfig { PositionMaxRad = 1, VelocityMaxRadPerS = 1, TorqueMaxNm = 1, KpMax = 1, KdMax = 1 } : null,
        };

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => Resolve(uri, joint));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_fields_bind_as_written_in_robot_json()
    {
        const string json = """
            { "name": "hip", "id": 3, "motor": "AK70-10" }
            """;
        const string explicitJson = """
            { "name": "knee", "motorRanges": { "positionMaxRad": 95.5, "velocityMaxRadPerS": 30, "torqueMaxNm": 18, "kpMax": 500, "kdMax": 5 } }
            """;
        BusJointConfig named = Bind(json);
        BusJointConfig written = Bind(explicitJson);

        BusLayout layout = BusLayout.Resolve(new RobotConfig { Buses = [new BusGroupConfig { Uri = "socketcan:can0", Joints = [named, written] }] }, Joints);
        MitMotorBusConfig config = ActuatorBusFactory.CreateMitMotorConfig(layout.Groups[0]);

        Assert.Equal(MitMotorLimits.CubeMarsAK70_10, config.Joints[0].Limits);
        Assert.Equal(95.5f, config.Joints[1].Limits.PositionMaxRad);
        Assert.Equal(-95.5f, config.Joints[1].Limits.PositionMinRad);
    }

    [Fact]
    public void Bus_and_motor_use_the_models_ranges_so_the_measured_angle_is_the_true_one()
    {
        // An AK80-64 on the bus: with the AK80-9's ranges the bus would misread velocity and torque
        // scaling; with the configured model both sides agree and the joint reads its true angle.
        BusGroupLayout group = Group("sim-slcan", "AK80-64", null);
        MitMotorBusConfig configured = ActuatorBusFactory.CreateMitMotorConfig(group);
        var clock = MonotonicClock.Instance;
        VirtualMitMotor[] motors = [.. configured.Joints.Select(j => new VirtualMitMotor(j.CanId, j.Limits, initialPositionRad: 0.7))];
        using var adapter = new VirtualSlcanAdapter(clock, motors, VirtualSlcanAckStyle.Lawicel, seed: 3);
        adapter.Start();
        using var transport = RobotEdge.Bus.Transports.Can.SlcanTransport.Open(RobotEdge.Bus.Transports.Serial.LinuxSerialPort.Open(adapter.DevicePath, 1_000_000));
        using var bus = new MitMotorCanBus(transport, new MitMotorBusConfig { Joints = configured.Joints, ReplyTimeoutMs = 100 }, clock, leaveOpen: true);
        bus.Energize();
        var state = new JointState { JointCount = 2 };
        bool read = false;
        for (int i = 0; i < 100 && !read; i++)
        {
            bus.PumpCycle();
            read = bus.TryRead(ref state);
        }

        Assert.True(read);
        // One position step over ±12.5 rad in 16 bits is 0.38 mrad.
        Assert.Equal(0.7, state.PositionsRad[0], 0.001);
        Assert.Equal(0.7, state.PositionsRad[1], 0.001);
    }

    private static BusJointConfig Bind(string json)
    {
        IConfigurationRoot root = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var joint = new BusJointConfig();
        root.Bind(joint, o => o.ErrorOnUnknownConfiguration = true);
        return joint;
    }

    private static BusLayout Resolve(string uri, BusJointConfig hip) =>
        BusLayout.Resolve(new RobotConfig { Buses = [new BusGroupConfig { Uri = uri, Joints = [hip, new BusJointConfig { Name = "knee" }] }] }, Joints);

    private static BusGroupLayout Group(string uri, string? motor, BusMotorRangesConfig? ranges) =>
        Resolve(uri, new BusJointConfig { Name = "hip", Motor = motor, MotorRanges = ranges }).Groups[0];
}
