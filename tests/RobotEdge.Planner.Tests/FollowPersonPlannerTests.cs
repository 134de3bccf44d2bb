using RobotEdge.Bus.Messages;
using RobotEdge.Planner.Behaviours;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Config;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.RobotModel.Kinematics;
using RobotEdge.RobotModel.Urdf;

namespace RobotEdge.Planner.Tests;

/// <summary>The follow-person behaviour on the shipped pan-tilt head, fed synthetic BlazePose estimates.</summary>
public class FollowPersonPlannerTests
{
    private const long FrameNs = 33_333_333;

    private static readonly PinholeCamera Camera = new(640, 480, 500, 500, 319.5, 239.5);

    /// <summary>
    /// Largest aim error of one frame, degrees. The planner aims at the pixel midpoint of the
    /// shoulders' and hips' midpoints, as BlazePose reports them; a person turned relative to the
    /// optical axis has their left and right sides at different depths, and the pixel midpoint of
    /// such a pair is off the projection of the 3D midpoint by a · b / Z² (a: half the shoulder width,
    /// b: their depth difference): up to 0.17° in these poses. The IK's own tolerance is 0.006°.
    /// </summary>
    private const double AimToleranceDeg = 0.2;

    private static KinematicChain PanTilt() => KinematicChain.FromDescription(
        UrdfParser.Load(Path.Combine(AppContext.BaseDirectory, "robots", "pan_tilt", "pan_tilt.urdf")), "base_link", "camera_optical_frame");

    private static FollowPersonPlanner Planner(KinematicChain chain, double leadTimeMs = 0) =>
        new(chain, Camera, defaultRangeM: 1.5, new PlannerConfig { Behaviour = PlannerConfig.FollowPerson, LeadTimeMs = leadTimeMs, FilterGain = 0.6 }, 0.5f);

    private static JointState Joints(double pan, double tilt)
    {
        var state = new JointState { JointCount = 2 };
        state.PositionsRad[0] = pan;
        state.PositionsRad[1] = tilt;
        return state;
    }

    /// <summary>Angle between the optical axis with the goal's joints and the direction to <paramref name="point"/>, degrees.</summary>
    private static double PointingErrorDeg(KinematicChain chain, in JointGoal goal, Vec3d point)
    {
        Transform3d camera = chain.ComputeTipPose([goal.PositionsRad[0], goal.PositionsRad[1]]);
        Vec3d toPoint = (point - camera.Translation).Normalized();
        return Math.Acos(Math.Clamp(toPoint.Dot(camera.Rotation.ColumnZ), -1, 1)) * 180 / Math.PI;
    }

    private static PoseEstimate Seen(KinematicChain chain, JointState joints, Vec3d torso, long captureNs, int trackId = 1) =>
        SyntheticPerson.Estimate(Camera, chain.ComputeTipPose([joints.PositionsRad[0], joints.PositionsRad[1]]), torso, captureNs: captureNs, trackId: trackId);

    [Theory]
    [InlineData(2.0, 0.3, 0.4, 0.0, 0.0)]
    [InlineData(1.8, -0.5, 0.2, 0.1, -0.05)]
    [InlineData(3.0, 0.6, 0.6, -0.2, 0.1)]
    public void OneFrameAimsTheCameraAtTheTorsoCentre(double x, double y, double z, double pan, double tilt)
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain);
        var torso = new Vec3d(x, y, z);
        JointState joints = Joints(pan, tilt);
        var goal = new JointGoal();

        Assert.True(planner.TryPlan(Seen(chain, joints, torso, 0), joints, ref goal));

        Assert.Equal(2, goal.JointCount);
        // The torso is placed from its measured range, not just its bearing: the camera sits off the
        // pan axis, and a wrong range would leave a parallax error.
        Assert.True(PointingErrorDeg(chain, goal, torso) < AimToleranceDeg, $"pointing error {PointingErrorDeg(chain, goal, torso)} deg");
        Vec3d camera = chain.ComputeTipPose([pan, tilt]).Translation;
        Assert.Equal((torso - camera).Length, (planner.TargetInBase - camera).Length, 0.01);
    }

    [Fact]
    public void NobodyVisibleGivesNoGoalAndTheGoalIsLeftAsItWas()
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain);
        JointState joints = Joints(0, 0);
        var goal = new JointGoal { JointCount = 2 };
        goal.PositionsRad[0] = 0.123;

        var nobody = new PoseEstimate { Stamp = new FrameStamp(1, FrameNs, FrameNs) };
        Assert.False(planner.TryPlan(nobody, joints, ref goal));
        PoseEstimate hidden = Seen(chain, joints, new Vec3d(2, 0, 0.3), FrameNs);
        for (int i = 0; i < hidden.KeypointCount; i++)
        {
            hidden.Keypoints[i] = hidden.Keypoints[i] with { Confidence = 0.1f };
        }

        Assert.False(planner.TryPlan(hidden, joints, ref goal));
        Assert.Equal(0.123, goal.PositionsRad[0]);
    }

    [Fact]
    public void AfterAGapThePersonIsReacquiredWhereTheyReappearWithoutTheOldMotion()
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain, leadTimeMs: 60);
        JointState joints = Joints(0, 0);
        var goal = new JointGoal();
        // Walking to the robot's left at 1 m/s for a second: the filter learns that velocity.
        for (int f = 0; f < 30; f++)
        {
            Assert.True(planner.TryPlan(Seen(chain, joints, new Vec3d(2.5, -0.5 + f / 30.0, 0.3), f * FrameNs), joints, ref goal));
        }

        // Gone for a second, then back at the other side, standing still.
        for (int f = 30; f < 60; f++)
        {
            Assert.False(planner.TryPlan(new PoseEstimate { Stamp = new FrameStamp(f, f * FrameNs, 0) }, joints, ref goal));
        }

        var back = new Vec3d(2.5, -0.6, 0.3);
        Assert.True(planner.TryPlan(Seen(chain, joints, back, 60 * FrameNs), joints, ref goal));

        // The first frame back aims at the person, not 60 ms ahead along the old walk.
        Assert.True(PointingErrorDeg(chain, goal, back) < AimToleranceDeg, $"pointing error {PointingErrorDeg(chain, goal, back)} deg");
    }

    [Fact]
    public void AnotherTrackIsFollowedAtOnceWithoutTheFirstPersonsMotion()
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain, leadTimeMs: 60);
        JointState joints = Joints(0, 0);
        var goal = new JointGoal();
        for (int f = 0; f < 15; f++)
        {
            planner.TryPlan(Seen(chain, joints, new Vec3d(2.5, -0.5 + f / 30.0, 0.3), f * FrameNs, trackId: 1), joints, ref goal);
        }

        // The operator picks the other person in the very next frame.
        var other = new Vec3d(2.0, 0.7, 0.2);
        Assert.True(planner.TryPlan(Seen(chain, joints, other, 15 * FrameNs, trackId: 2), joints, ref goal));

        Assert.True(PointingErrorDeg(chain, goal, other) < AimToleranceDeg, $"pointing error {PointingErrorDeg(chain, goal, other)} deg");
    }

    [Fact]
    public void AWalkingPersonIsLedByTheLeadTime()
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain, leadTimeMs: 100);
        JointState joints = Joints(0, 0);
        var goal = new JointGoal();
        // 1 m/s along base +Y at 2.5 m: after a second the filter has the velocity and aims 0.1 m ahead.
        for (int f = 0; f <= 30; f++)
        {
            planner.TryPlan(Seen(chain, joints, new Vec3d(2.5, -0.5 + f / 30.0, 0.3), f * FrameNs), joints, ref goal);
        }

        var ahead = new Vec3d(2.5, 0.5 + 0.1, 0.3);
        Assert.True(PointingErrorDeg(chain, goal, ahead) < AimToleranceDeg, $"pointing error to the led point {PointingErrorDeg(chain, goal, ahead)} deg");
    }

    [Fact]
    public void PlanningAllocatesNothing()
    {
        KinematicChain chain = PanTilt();
        FollowPersonPlanner planner = Planner(chain, leadTimeMs: 60);
        JointState joints = Joints(0.1, 0);
        var goal = new JointGoal();
        var estimates = new PoseEstimate[64];
        for (int f = 0; f < estimates.Length; f++)
        {
            estimates[f] = Seen(chain, joints, new Vec3d(2.5, -0.5 + f / 30.0, 0.3), f * FrameNs);
        }

        planner.TryPlan(estimates[0], joints, ref goal);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 1; f < estimates.Length; f++)
        {
            planner.TryPlan(estimates[f], joints, ref goal);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
