using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.RobotModel.Tests.Kinematics;

public sealed class KinematicChainTests
{
    [Fact]
    public void PanTilt_Chain_HasPanThenTilt()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();

        Assert.Equal(2, chain.DofCount);
        Assert.Equal(["pan", "tilt"], chain.ActiveJoints.Select(joint => joint.Name));
        Assert.Equal("base_link", chain.BaseLink);
        Assert.Equal("camera_optical_frame", chain.TipLink);
        Assert.Equal([-2.6, -1.2], chain.LowerLimits.ToArray());
        Assert.Equal([2.6, 1.2], chain.UpperLimits.ToArray());
    }

    [Fact]
    public void PanTilt_AtZero_CameraSitsAboveAndAhead_LookingAlongX()
    {
        Transform3d camera = TestRobots.PanTiltCamera().ComputeTipPose([0, 0]);

        // 0.10 (pan) + 0.05 (tilt) + 0.02 (camera) up, 0.03 forward.
        Expect.Near(new Vec3d(0.03, 0, 0.17), camera.Translation, 1e-15);
        Expect.Near(Vec3d.UnitX, camera.Rotation.ColumnZ, 1e-15);   // optical axis: forward
        Expect.Near(-Vec3d.UnitY, camera.Rotation.ColumnX, 1e-15);  // image right: base right
        Expect.Near(-Vec3d.UnitZ, camera.Rotation.ColumnY, 1e-15);  // image down: base down
    }

    [Fact]
    public void PanTilt_PanQuarterTurn_LooksAlongY()
    {
        Transform3d camera = TestRobots.PanTiltCamera().ComputeTipPose([Math.PI / 2, 0]);

        Expect.Near(new Vec3d(0, 0.03, 0.17), camera.Translation, 1e-15);
        Expect.Near(Vec3d.UnitY, camera.Rotation.ColumnZ, 1e-15);
    }

    [Fact]
    public void PanTilt_PositiveTilt_PitchesTheCameraDown()
    {
        const double tilt = 0.5;
        Transform3d camera = TestRobots.PanTiltCamera().ComputeTipPose([0, tilt]);

        (double s, double c) = Math.SinCos(tilt);
        Expect.Near(new Vec3d(c, 0, -s), camera.Rotation.ColumnZ, 1e-15);

        // Camera offset (0.03, 0, 0.02) rotated by Ry(0.5) about the tilt axis at height 0.15.
        Expect.Near(new Vec3d((0.03 * c) + (0.02 * s), 0, 0.15 - (0.03 * s) + (0.02 * c)), camera.Translation, 1e-15);
    }

    [Fact]
    public void ComputeJointFrames_GivesAxesAndOriginsInBase_AndTheSameTip()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();
        double[] q = [Math.PI / 2, 0.3];
        var axes = new Vec3d[2];
        var origins = new Vec3d[2];

        chain.ComputeJointFrames(q, axes, origins, out Transform3d tip);

        Expect.Near(Vec3d.UnitZ, axes[0], 1e-15);
        Expect.Near(new Vec3d(0, 0, 0.10), origins[0], 1e-15);
        Expect.Near(-Vec3d.UnitX, axes[1], 1e-15);                 // +Y of pan_link, panned a quarter turn
        Expect.Near(new Vec3d(0, 0, 0.15), origins[1], 1e-15);
        Transform3d expected = chain.ComputeTipPose(q);
        Expect.Near(expected.Translation, tip.Translation, 1e-15);
        Expect.Near(expected.Rotation, tip.Rotation, 1e-15);
    }

    [Fact]
    public void PlanarArm_TipPositions_MatchHandValues()
    {
        KinematicChain arm = TestRobots.PlanarArm();

        Expect.Near(new Vec3d(0.9, 0, 0), arm.ComputeTipPose([0, 0, 0]).Translation, 1e-15);
        Expect.Near(new Vec3d(0, 0.9, 0), arm.ComputeTipPose([Math.PI / 2, 0, 0]).Translation, 1e-15);
        // Elbow up a quarter turn, wrist back: (0.4, 0) + (0, 0.3) + (0.2, 0).
        Expect.Near(new Vec3d(0.6, 0.3, 0), arm.ComputeTipPose([0, Math.PI / 2, -Math.PI / 2]).Translation, 1e-15);
    }

    [Fact]
    public void GeometricJacobianFromFrames_MatchesFiniteDifferences()
    {
        KinematicChain arm = TestRobots.PlanarArm();
        double[] q = [0.4, -1.1, 0.7];
        var axes = new Vec3d[3];
        var origins = new Vec3d[3];
        arm.ComputeJointFrames(q, axes, origins, out Transform3d tip);

        const double h = 1e-6;
        for (int i = 0; i < 3; i++)
        {
            double[] plus = (double[])q.Clone();
            double[] minus = (double[])q.Clone();
            plus[i] += h;
            minus[i] -= h;
            Vec3d numeric = (arm.ComputeTipPose(plus).Translation - arm.ComputeTipPose(minus).Translation) / (2 * h);
            Expect.Near(numeric, axes[i].Cross(tip.Translation - origins[i]), 1e-9);
        }
    }

    [Fact]
    public void ClampToLimits_ClampsOnlyOutOfRangeJoints()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();
        double[] q = [3.0, -2.0, 99];

        chain.ClampToLimits(q);

        Assert.Equal([2.6, -1.2, 99], q);
        double[] inside = [0.5, -0.25];
        chain.ClampToLimits(inside);
        Assert.Equal([0.5, -0.25], inside);
    }

    [Fact]
    public void ContinuousJoint_IsNotClamped()
    {
        RobotDescription robot = UrdfParser.Parse("""
            <robot name="r">
              <link name="a"/><link name="b"/>
              <joint name="wheel" type="continuous"><parent link="a"/><child link="b"/><axis xyz="0 0 1"/></joint>
            </robot>
            """);
        KinematicChain chain = KinematicChain.FromDescription(robot, "a", "b");
        double[] q = [12.5];

        chain.ClampToLimits(q);

        Assert.Equal(12.5, q[0]);
        Expect.Near(Mat3d.RotationZ(12.5), chain.ComputeTipPose(q).Rotation, 1e-14);
    }

    [Fact]
    public void PrismaticJoint_TranslatesAlongItsAxis()
    {
        RobotDescription robot = UrdfParser.Parse("""
            <robot name="r">
              <link name="a"/><link name="b"/>
              <joint name="slide" type="prismatic">
                <parent link="a"/><child link="b"/>
                <origin xyz="0 0 1" rpy="0 0 1.5707963267948966"/>
                <axis xyz="1 0 0"/>
                <limit lower="0" upper="0.5" velocity="0.1" effort="100"/>
              </joint>
            </robot>
            """);
        KinematicChain chain = KinematicChain.FromDescription(robot, "a", "b");

        // The joint frame is yawed a quarter turn, so its +X is the base's +Y.
        Expect.Near(new Vec3d(0, 0.25, 1), chain.ComputeTipPose([0.25]).Translation, 1e-15);
    }

    [Fact]
    public void FixedOnlyChain_HasNoJoints_AndAConstantPose()
    {
        RobotDescription robot = UrdfParser.Load(TestRobots.PanTiltPath);
        KinematicChain chain = KinematicChain.FromDescription(robot, "tilt_link", "camera_optical_frame");

        Assert.Equal(0, chain.DofCount);
        Transform3d pose = chain.ComputeTipPose([]);
        Expect.Near(new Vec3d(0.03, 0, 0.02), pose.Translation, 1e-15);
        Expect.Near(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), pose.Rotation, 1e-15);
    }

    [Fact]
    public void FromDescription_WithoutAPath_Throws()
    {
        RobotDescription robot = UrdfParser.Load(TestRobots.PanTiltPath);

        var reversed = Assert.Throws<ArgumentException>(
            () => KinematicChain.FromDescription(robot, "camera_optical_frame", "base_link"));
        Assert.Contains("'camera_optical_frame' is not an ancestor of 'base_link'", reversed.Message);
        var unknown = Assert.Throws<ArgumentException>(() => KinematicChain.FromDescription(robot, "base_link", "gripper"));
        Assert.Contains("no link 'gripper'", unknown.Message);
    }

    [Fact]
    public void ShortJointSpan_Throws()
    {
        KinematicChain chain = TestRobots.PanTiltCamera();

        Assert.Throws<ArgumentException>(() => chain.ComputeTipPose([0.1]));
    }
}
