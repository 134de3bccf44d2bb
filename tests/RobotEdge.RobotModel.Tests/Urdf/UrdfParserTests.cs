using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Tests.Urdf;

public sealed class UrdfParserTests
{
    [Fact]
    public void PanTilt_HasItsLinksJointsAndRoot()
    {
        RobotDescription robot = UrdfParser.Load(TestRobots.PanTiltPath);

        Assert.Equal("pan_tilt", robot.Name);
        Assert.Equal(TestRobots.PanTiltPath, robot.SourceName);
        Assert.Equal(
            ["base_link", "pan_link", "tilt_link", "camera_link", "camera_optical_frame"],
            robot.Links.Select(link => link.Name));
        Assert.Equal(["pan", "tilt", "camera_joint", "camera_optical_joint"], robot.Joints.Select(joint => joint.Name));
        Assert.Equal("base_link", robot.RootLink);
    }

    [Fact]
    public void PanTilt_PanJoint_IsRevoluteAboutZ_TenCentimetresUp()
    {
        UrdfJoint pan = UrdfParser.Load(TestRobots.PanTiltPath).GetJoint("pan");

        Assert.Equal(JointType.Revolute, pan.Type);
        Assert.Equal("base_link", pan.Parent);
        Assert.Equal("pan_link", pan.Child);
        Expect.Near(new Vec3d(0, 0, 0.10), pan.Origin.Translation, 0);
        Expect.Near(Mat3d.Identity, pan.Origin.Rotation, 0);
        Expect.Near(Vec3d.UnitZ, pan.Axis, 0);
        Assert.Equal(new JointLimits(-2.6, 2.6, 3.0, 1.5), pan.Limits);
    }

    [Fact]
    public void PanTilt_TiltJoint_IsRevoluteAboutY_FiveCentimetresUp()
    {
        UrdfJoint tilt = UrdfParser.Load(TestRobots.PanTiltPath).GetJoint("tilt");

        Assert.Equal(JointType.Revolute, tilt.Type);
        Assert.Equal("pan_link", tilt.Parent);
        Assert.Equal("tilt_link", tilt.Child);
        Expect.Near(new Vec3d(0, 0, 0.05), tilt.Origin.Translation, 0);
        Expect.Near(Vec3d.UnitY, tilt.Axis, 0);
        Assert.Equal(-1.2, tilt.Limits!.LowerRad);
        Assert.Equal(1.2, tilt.Limits.UpperRad);
        Assert.Equal(3.0, tilt.Limits.VelocityRadPerS);
    }

    [Fact]
    public void PanTilt_CameraJoints_AreFixedWithOffsetAndOpticalRotation()
    {
        RobotDescription robot = UrdfParser.Load(TestRobots.PanTiltPath);

        UrdfJoint camera = robot.GetJoint("camera_joint");
        Assert.Equal(JointType.Fixed, camera.Type);
        Assert.False(camera.IsActive);
        Assert.Null(camera.Limits);
        Expect.Near(new Vec3d(0.03, 0, 0.02), camera.Origin.Translation, 0);

        // rpy (−π/2, 0, −π/2): optical X = body −Y, optical Y = body −Z, optical Z = body +X.
        UrdfJoint optical = robot.GetJoint("camera_optical_joint");
        Expect.Near(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), optical.Origin.Rotation, 1e-15);
        Expect.Near(Vec3d.Zero, optical.Origin.Translation, 0);
    }

    [Fact]
    public void Axis_IsNormalised_AndDefaultsToX()
    {
        RobotDescription robot = UrdfParser.Parse("""
            <robot name="r">
              <link name="a"/><link name="b"/><link name="c"/><link name="d"/>
              <joint name="scaled" type="continuous"><parent link="a"/><child link="b"/><axis xyz="0 0 2"/></joint>
              <joint name="default" type="continuous"><parent link="b"/><child link="c"/></joint>
              <joint name="slide" type="prismatic">
                <parent link="c"/><child link="d"/><axis xyz="3 4 0"/>
                <limit lower="-0.1" upper="0.25" velocity="0.5" effort="40"/>
              </joint>
            </robot>
            """);

        Expect.Near(Vec3d.UnitZ, robot.GetJoint("scaled").Axis, 0);
        Expect.Near(Vec3d.UnitX, robot.GetJoint("default").Axis, 0);
        Expect.Near(new Vec3d(0.6, 0.8, 0), robot.GetJoint("slide").Axis, 1e-16);
        Assert.Equal(JointType.Prismatic, robot.GetJoint("slide").Type);
        Assert.Equal(new JointLimits(-0.1, 0.25, 0.5, 40), robot.GetJoint("slide").Limits);
        Assert.Null(robot.GetJoint("default").Limits);
    }

    [Fact]
    public void ContinuousJointLimit_KeepsSpeedAndEffort_WithUnboundedPosition()
    {
        RobotDescription robot = UrdfParser.Parse("""
            <robot name="r">
              <link name="a"/><link name="b"/>
              <joint name="wheel" type="continuous">
                <parent link="a"/><child link="b"/><axis xyz="0 1 0"/>
                <limit velocity="12" effort="2.5"/>
              </joint>
            </robot>
            """);

        Assert.Equal(
            new JointLimits(double.NegativeInfinity, double.PositiveInfinity, 12, 2.5),
            robot.GetJoint("wheel").Limits);
    }

    [Fact]
    public void OriginRpy_IsRollThenPitchThenYawAboutFixedAxes()
    {
        RobotDescription robot = UrdfParser.Parse("""
            <robot name="r">
              <link name="a"/><link name="b"/>
              <joint name="j" type="fixed">
                <parent link="a"/><child link="b"/>
                <origin xyz="1 -2 0.5" rpy="0.3 -0.7 1.1"/>
              </joint>
            </robot>
            """);

        Transform3d origin = robot.GetJoint("j").Origin;
        Expect.Near(new Vec3d(1, -2, 0.5), origin.Translation, 0);
        Expect.Near(Mat3d.RotationZ(1.1) * Mat3d.RotationY(-0.7) * Mat3d.RotationX(0.3), origin.Rotation, 1e-15);
    }

    [Fact]
    public void GetJoint_UnknownName_Throws()
    {
        RobotDescription robot = UrdfParser.Load(TestRobots.PanTiltPath);

        var e = Assert.Throws<KeyNotFoundException>(() => robot.GetJoint("roll"));
        Assert.Contains("'roll'", e.Message);
        Assert.False(robot.TryGetJoint("roll", out _));
        Assert.True(robot.TryGetJoint("tilt", out UrdfJoint tilt));
        Assert.Equal("tilt", tilt.Name);
    }

    [Fact]
    public void Load_MissingFile_ThrowsIOException()
    {
        Assert.ThrowsAny<IOException>(() => UrdfParser.Load(Path.Combine(AppContext.BaseDirectory, "no_such_robot.urdf")));
    }
}
