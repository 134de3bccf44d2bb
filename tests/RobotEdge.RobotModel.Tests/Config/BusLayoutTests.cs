using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Tests.Config;

/// <summary>Resolving the bus groups of robot.json against the URDF's joints.</summary>
public class BusLayoutTests
{
    private static readonly IReadOnlyList<UrdfJoint> ArmJoints =
        UrdfParser.Parse(TestRobots.PlanarArmUrdf, "planar_arm").Joints.Where(j => j.IsActive).ToList();

    private static BusJointConfig Joint(string name, int? id = null, double? offset = null, int direction = 1) =>
        new() { Name = name, Id = id, OffsetRad = offset, Direction = direction };

    private static RobotConfig Config(params BusGroupConfig[] groups) => new() { Buses = [.. groups] };

    private static BusGroupConfig Group(string uri, params BusJointConfig[] joints) => new() { Uri = uri, Joints = [.. joints] };

    [Fact]
    public void Single_uri_puts_every_joint_on_one_bus_with_default_ids_and_offsets()
    {
        BusLayout layout = BusLayout.Resolve(new RobotConfig { Bus = "dynamixel:/dev/ttyUSB0@1000000" }, ArmJoints);

        BusGroupLayout group = Assert.Single(layout.Groups);
        Assert.Equal(BusScheme.Dynamixel, group.Uri.Scheme);
        Assert.Equal([1, 2, 3], group.Joints.Select(j => j.DeviceId));
        Assert.Equal([0, 1, 2], group.Joints.Select(j => j.JointIndex));
        Assert.All(group.Joints, j => Assert.Equal(Math.PI, j.OffsetRad));
        Assert.All(group.Joints, j => Assert.Equal((-3.0, 3.0, 2.0), (j.LowerRad, j.UpperRad, j.MaxVelocityRadPerS)));
    }

    [Fact]
    public void Groups_map_joints_to_buses_with_their_ids_offsets_directions_and_tighter_limits()
    {
        var wrist = Joint("wrist", id: 9, offset: 0.5, direction: -1);
        wrist.LowerRad = -1;
        wrist.MaxVelocityRadPerS = 0.5;
        RobotConfig config = Config(
            Group("socketcan:can0", Joint("shoulder", id: 0x21), Joint("elbow", id: 0x22)),
            Group("dynamixel:/dev/ttyUSB0@4000000", wrist));

        BusLayout layout = BusLayout.Resolve(config, ArmJoints);

        Assert.Equal(2, layout.Groups.Count);
        Assert.Equal([(0, 0x21, 0.0), (1, 0x22, 0.0)], layout.Groups[0].Joints.Select(j => (j.JointIndex, j.DeviceId, j.OffsetRad)));
        BusJointLayout w = Assert.Single(layout.Groups[1].Joints);
        Assert.Equal(new BusJointLayout("wrist", 2, 9, 0.5, -1, -1, 3, 0.5), w);

        double[] lower = [-3, -3, -3], upper = [3, 3, 3], velocity = [1, 1, 1];
        layout.TightenLimits(lower, upper, velocity, velocityScale: 0.5);
        Assert.Equal([-3.0, -3, -1], lower);
        Assert.Equal([1.0, 1, 0.25], velocity);
    }

    [Theory]
    [InlineData("ethercat:x", "buses[0]: bus 'ethercat:x': unknown scheme")]
    [InlineData("dynamixel:@57600", "buses[0]: bus 'dynamixel:@57600': the serial port is missing")]
    [InlineData("feetech:/dev/ttyACM0@x", "baud rate 'x' is not a whole number")]
    public void Bad_uris_are_reported_with_their_entry(string uri, string expected)
    {
        RobotConfig config = Config(Group(uri, Joint("shoulder"), Joint("elbow"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints, "arm/robot.json"));
        Assert.StartsWith("arm/robot.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Joint_not_in_the_urdf_is_named()
    {
        RobotConfig config = Config(Group("sim", Joint("shoulder"), Joint("elbo"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("buses[0].joints[1]: joint 'elbo' is not one of the robot's actuated joints (shoulder, elbow, wrist)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_id_on_one_bus_is_rejected()
    {
        RobotConfig config = Config(Group("feetech:/dev/ttyACM0@1000000", Joint("shoulder", id: 1), Joint("elbow", id: 2), Joint("wrist", id: 1)));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("buses[0].joints[2]: id 1 of joint 'wrist' is already used by joint 'shoulder' on the same bus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_id_on_two_buses_is_fine_but_two_groups_on_one_port_are_not()
    {
        RobotConfig ok = Config(
            Group("dynamixel:/dev/ttyUSB0@1000000", Joint("shoulder", id: 1)),
            Group("dynamixel:/dev/ttyUSB1@1000000", Joint("elbow", id: 1), Joint("wrist", id: 2)));
        Assert.Equal(2, BusLayout.Resolve(ok, ArmJoints).Groups.Count);

        RobotConfig samePort = Config(
            Group("dynamixel:/dev/ttyUSB0@1000000", Joint("shoulder", id: 1)),
            Group("dynamixel:/dev/ttyUSB0@1000000", Joint("elbow", id: 2), Joint("wrist", id: 3)));
        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(samePort, ArmJoints));
        Assert.Contains("buses[1]: port /dev/ttyUSB0 is already used by buses[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unmapped_joint_is_named()
    {
        RobotConfig config = Config(Group("sim-dynamixel", Joint("shoulder"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("joint 'elbow' is not mapped to any bus", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Joint_on_two_buses_is_rejected()
    {
        RobotConfig config = Config(
            Group("socketcan:can0", Joint("shoulder"), Joint("elbow")),
            Group("sim", Joint("elbow"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("buses[1].joints[0]: joint 'elbow' is already driven by buses[0].joints[1]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dynamixel:/dev/ttyUSB0@1000000", 253, "id 253 of joint 'shoulder' is out of range [0, 252]")]
    [InlineData("feetech:/dev/ttyUSB0@1000000", 254, "id 254 of joint 'shoulder' is out of range [0, 253]")]
    [InlineData("socketcan:can0", 0, "id 0 of joint 'shoulder' is out of range [1, 255]")]
    public void Out_of_range_ids_are_rejected(string uri, int id, string expected)
    {
        RobotConfig config = Config(Group(uri, Joint("shoulder", id: id), Joint("elbow", id: 5), Joint("wrist", id: 6)));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Direction_must_be_plus_or_minus_one()
    {
        RobotConfig config = Config(Group("sim", Joint("shoulder", direction: 2), Joint("elbow"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("direction of joint 'shoulder' must be 1 or -1, not 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_may_only_be_tightened()
    {
        var shoulder = Joint("shoulder");
        shoulder.UpperRad = 3.5;
        RobotConfig config = Config(Group("sim", shoulder, Joint("elbow"), Joint("wrist")));

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("upperRad 3.5 of joint 'shoulder' is above the URDF's 3; configuration may only tighten limits", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bus_and_buses_together_are_rejected()
    {
        RobotConfig config = Config(Group("sim", Joint("shoulder"), Joint("elbow"), Joint("wrist")));
        config.Bus = "sim-slcan";

        var e = Assert.Throws<InvalidDataException>(() => BusLayout.Resolve(config, ArmJoints));
        Assert.Contains("set either \"bus\"", e.Message, StringComparison.Ordinal);
    }
}
