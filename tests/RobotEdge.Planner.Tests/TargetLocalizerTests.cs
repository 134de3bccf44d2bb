using RobotEdge.Bus.Messages;
using RobotEdge.Planner.Targeting;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;

namespace RobotEdge.Planner.Tests;

public class TargetLocalizerTests
{
    private static readonly PinholeCamera Camera = new(640, 480, 500, 500, 319.5, 239.5);

    /// <summary>Projects the four corners of a fronto-parallel square of side 0.16 m centred at <paramref name="centre"/>.</summary>
    private static PoseEstimate Square(Vec3d centre, float confidence = 1f)
    {
        var estimate = new PoseEstimate { KeypointCount = 4 };
        (double X, double Y)[] corners = [(-0.08, -0.08), (0.08, -0.08), (0.08, 0.08), (-0.08, 0.08)];
        for (int i = 0; i < 4; i++)
        {
            Camera.TryProject(centre + new Vec3d(corners[i].X, corners[i].Y, 0), out double u, out double v);
            estimate.Keypoints[i] = new Keypoint((float)u, (float)v, confidence);
        }

        return estimate;
    }

    [Fact]
    public void ASolvedThreeDimensionalPoseIsUsedAsItIs()
    {
        // Keypoints say 1.5 m straight ahead; the solved pose says otherwise and wins.
        PoseEstimate estimate = Square(new Vec3d(0, 0, 1.5));
        estimate.Target = new TargetPose { Valid = true, XM = 0.1, YM = -0.05, ZM = 1.62, KeypointsUsed = 4 };
        var localizer = new TargetLocalizer(Camera, 0.16, 0.3f);

        Assert.True(localizer.TryLocate(estimate, 1.0, out Vec3d centre, out int confident, out bool measured));
        Assert.Equal((0.1, -0.05, 1.62), (centre.X, centre.Y, centre.Z));
        Assert.Equal(4, confident);
        Assert.True(measured);

        estimate.Target.Valid = false;
        Assert.True(localizer.TryLocate(estimate, 1.0, out centre, out _, out _));
        Assert.Equal(1.5, centre.Z, 1e-3);
    }

    [Theory]
    [InlineData(0.0, 0.0, 1.5)]
    [InlineData(0.2, -0.1, 1.2)]
    [InlineData(-0.3, 0.25, 2.0)]
    public void FrontoParallelSquareIsLocatedFromItsApparentSize(double x, double y, double z)
    {
        var localizer = new TargetLocalizer(Camera, 0.16, 0.3f);
        Assert.True(localizer.TryLocate(Square(new Vec3d(x, y, z)), 1.0, out Vec3d found, out int confident, out bool measured));

        Assert.Equal(4, confident);
        Assert.True(measured);
        // Float keypoints (1e-4 px) limit the range to about 1e-5 relative.
        Assert.Equal(z, found.Z, 3);
        Assert.Equal(x, found.X, 3);
        Assert.Equal(y, found.Y, 3);
    }

    [Fact]
    public void LowConfidenceKeypointsAreIgnoredAndRangeFallsBack()
    {
        var localizer = new TargetLocalizer(Camera, 0.16, 0.3f);
        PoseEstimate estimate = Square(new Vec3d(0, 0, 1.5));
        for (int i = 1; i < 4; i++)
        {
            Keypoint k = estimate.Keypoints[i];
            estimate.Keypoints[i] = k with { Confidence = 0.1f };
        }

        Assert.True(localizer.TryLocate(estimate, 2.5, out Vec3d found, out int confident, out bool measured));
        Assert.Equal(1, confident);
        Assert.False(measured);
        Assert.Equal(2.5, found.Z, 9);
    }

    [Fact]
    public void NoConfidentKeypointMeansNoTarget()
    {
        var localizer = new TargetLocalizer(Camera, 0.16, 0.3f);
        Assert.False(localizer.TryLocate(Square(new Vec3d(0, 0, 1.5), confidence: 0.1f), 1.5, out _, out int confident, out _));
        Assert.Equal(0, confident);
    }
}
