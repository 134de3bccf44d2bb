using RobotEdge.Bus.Messages;
using RobotEdge.Planner.Targeting;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Tests;

public class PersonLocalizerTests
{
    private static readonly PinholeCamera Camera = new(640, 480, 500, 500, 319.5, 239.5);

    /// <summary>
    /// The base frame's +X seen by a camera at the origin: optical Z along base +X, optical X along
    /// base −Y, optical Y along base −Z (columns: the optical axes in the base frame).
    /// </summary>
    private static readonly Transform3d LookingAlongX = new(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);

    [Theory]
    [InlineData(2.0, 0.0, 0.0)]
    [InlineData(1.5, 0.4, -0.2)]
    [InlineData(3.0, -0.8, 0.3)]
    public void TheTorsoCentreAndItsRangeComeFromTheSkeletonsProjection(double x, double y, double z)
    {
        var torso = new Vec3d(x, y, z);
        PoseEstimate estimate = SyntheticPerson.Estimate(Camera, LookingAlongX, torso);
        var localizer = new PersonLocalizer(Camera, 0.5f);

        Assert.True(localizer.TryLocate(estimate, 1.0, out Vec3d found, out bool measured));

        Assert.True(measured);
        Vec3d expected = LookingAlongX.Inverse().TransformPoint(torso);
        // The person faces the base origin, so off-axis their left and right shoulders (and hips)
        // are at different depths, and the pixel midpoint of two points at different depths is not
        // the projection of their midpoint: a·b / Z (a: half-width, b: depth difference), up to 5 mm
        // here (none on the axis).
        Assert.Equal(expected.Z, found.Z, expected.Z * 2e-3);
        Assert.Equal(expected.X, found.X, 0.006);
        Assert.Equal(expected.Y, found.Y, 0.006);
    }

    [Fact]
    public void WithoutWorldLandmarksTheBearingIsExactAndTheRangeIsTheFallback()
    {
        var torso = new Vec3d(2.0, 0.3, 0.1);
        PoseEstimate estimate = SyntheticPerson.Estimate(Camera, LookingAlongX, torso);
        estimate.WorldLandmarkCount = 0;
        var localizer = new PersonLocalizer(Camera, 0.5f);

        Assert.True(localizer.TryLocate(estimate, 4.0, out Vec3d found, out bool measured));

        Assert.False(measured);
        Assert.Equal(4.0, found.Z, 1e-9);
        Vec3d expected = LookingAlongX.Inverse().TransformPoint(torso);
        // The same direction as the true torso centre (the shoulders' and hips' midpoints).
        double angle = Math.Acos(Math.Clamp(found.Normalized().Dot(expected.Normalized()), -1, 1));
        Assert.True(angle < 1e-3, $"bearing off by {angle} rad");
    }

    [Fact]
    public void AHiddenHipKeepsTheBearingFromTheVisibleOneAndFallsBackOnRange()
    {
        var torso = new Vec3d(2.0, 0.0, 0.0);
        PoseEstimate estimate = SyntheticPerson.Estimate(Camera, LookingAlongX, torso);
        estimate.Keypoints[(int)BodyLandmark.RightHip] = estimate.Keypoints[(int)BodyLandmark.RightHip] with { Confidence = 0.1f };
        var localizer = new PersonLocalizer(Camera, 0.5f);

        Assert.True(localizer.TryLocate(estimate, 3.0, out Vec3d found, out bool measured));

        Assert.False(measured);
        Keypoint ls = estimate.Keypoints[(int)BodyLandmark.LeftShoulder], rs = estimate.Keypoints[(int)BodyLandmark.RightShoulder];
        Keypoint lh = estimate.Keypoints[(int)BodyLandmark.LeftHip];
        double u = 0.5 * (0.5 * (ls.XPx + rs.XPx) + lh.XPx), v = 0.5 * (0.5 * (ls.YPx + rs.YPx) + lh.YPx);
        Camera.TryProject(found, out double fu, out double fv);
        Assert.Equal(u, fu, 1e-6);
        Assert.Equal(v, fv, 1e-6);
    }

    [Theory]
    [InlineData(BodyLandmark.LeftShoulder, BodyLandmark.RightShoulder)]
    [InlineData(BodyLandmark.LeftHip, BodyLandmark.RightHip)]
    public void WithoutAShoulderOrWithoutAHipNobodyIsLocated(BodyLandmark a, BodyLandmark b)
    {
        PoseEstimate estimate = SyntheticPerson.Estimate(Camera, LookingAlongX, new Vec3d(2, 0, 0));
        estimate.Keypoints[(int)a] = estimate.Keypoints[(int)a] with { Confidence = 0.2f };
        estimate.Keypoints[(int)b] = estimate.Keypoints[(int)b] with { Confidence = 0.2f };

        Assert.False(new PersonLocalizer(Camera, 0.5f).TryLocate(estimate, 1.0, out _, out _));
    }

    [Fact]
    public void AnEmptyEstimateIsNobody()
    {
        var estimate = new PoseEstimate();
        Assert.False(new PersonLocalizer(Camera, 0.5f).TryLocate(estimate, 1.0, out _, out _));
    }
}
