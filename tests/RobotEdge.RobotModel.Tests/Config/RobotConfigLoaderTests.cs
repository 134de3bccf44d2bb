using RobotEdge.RobotModel.Config;

namespace RobotEdge.RobotModel.Tests.Config;

/// <summary>The shipped robot descriptions load, and bus mistakes in robot.json are caught at load time.</summary>
public sealed class RobotConfigLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("robotedge-config-").FullName;

    private const string Camera = """ "camera": { "width": 640, "height": 480, "fps": 30, "fx": 500, "fy": 500, "cx": 319.5, "cy": 239.5 } """;

    private static string Robot(string name) => Path.Combine(AppContext.BaseDirectory, "robots", name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void So101_arm_loads_with_its_feetech_bus_and_six_mapped_joints()
    {
        RobotConfig config = RobotConfigLoader.Load(Robot("so101_arm"));

        var description = RobotModel.Urdf.UrdfParser.Load(config.Resolve(config.Urdf));
        BusLayout layout = BusLayout.Resolve(config, description.Joints.Where(j => j.IsActive).ToList());
        BusGroupLayout group = Assert.Single(layout.Groups);
        Assert.Equal(new BusUri(BusScheme.Feetech, "/dev/ttyACM0", 1_000_000, 0), group.Uri);
        Assert.Equal(["shoulder_pan", "shoulder_lift", "elbow_flex", "wrist_flex", "wrist_roll", "gripper"], group.Joints.Select(j => j.Name));
        Assert.Equal([1, 2, 3, 4, 5, 6], group.Joints.Select(j => j.DeviceId));
        Assert.Equal(-1, group.Joints[4].Direction);
        Assert.Equal((0.0, 1.5, 2.0), (group.Joints[5].LowerRad, group.Joints[5].UpperRad, group.Joints[5].MaxVelocityRadPerS));
        Assert.Equal(20, group.PositionLeadMs);
    }

    [Fact]
    public void Pan_tilt_still_loads_with_its_single_bus()
    {
        RobotConfig config = RobotConfigLoader.Load(Robot("pan_tilt"));

        Assert.Equal("sim", config.Bus);
        Assert.Empty(config.Buses);
    }

    [Fact]
    public void A_joint_missing_from_the_urdf_fails_the_load_naming_file_and_entry()
    {
        File.Copy(Path.Combine(Robot("so101_arm"), "so101_arm.urdf"), Path.Combine(_folder, "so101_arm.urdf"));
        string json = File.ReadAllText(Path.Combine(Robot("so101_arm"), "robot.json")).Replace("\"wrist_roll\"", "\"wrist_twist\"", StringComparison.Ordinal);
        string file = Path.Combine(_folder, "robot.json");
        File.WriteAllText(file, json);

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));
        Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("buses[0].joints[4]: joint 'wrist_twist' is not one of the robot's actuated joints", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_bus_field_fails_the_load()
    {
        File.Copy(Path.Combine(Robot("so101_arm"), "so101_arm.urdf"), Path.Combine(_folder, "so101_arm.urdf"));
        string json = File.ReadAllText(Path.Combine(Robot("so101_arm"), "robot.json")).Replace("\"offsetRad\": 3.14159265, \"direction\": -1", "\"offset\": 3.14159265, \"direction\": -1", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "robot.json"), json);

        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));
        Assert.Contains("offset", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_its_urdf_a_configuration_still_loads_and_its_bus_uris_are_checked()
    {
        File.WriteAllText(Path.Combine(_folder, "robot.json"), $$"""{ "name": "t", "urdf": "missing.urdf", {{Camera}}, "bus": "feetech:/dev/ttyACM0@1000000" }""");
        Assert.Equal("feetech:/dev/ttyACM0@1000000", RobotConfigLoader.Load(_folder).Bus);

        File.WriteAllText(Path.Combine(_folder, "robot.json"), $$"""{ "name": "t", "urdf": "missing.urdf", {{Camera}}, "buses": [ { "uri": "feetech:/dev/ttyACM0" } ] }""");
        var e = Assert.Throws<InvalidDataException>(() => RobotConfigLoader.Load(_folder));
        Assert.Contains("buses[0]: bus 'feetech:/dev/ttyACM0': the baud rate is missing", e.Message, StringComparison.Ordinal);
    }
}
