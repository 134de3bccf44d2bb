using System.Numerics;
using RobotEdge.Perception.BlazePose;

namespace RobotEdge.Perception.Tests.BlazePose;

/// <summary>The rotated square region: MediaPipe's size and rotation from two alignment points, and its mappings.</summary>
public class PoseRegionTests
{
    [Fact]
    public void AnUprightPersonGetsAnUnrotatedSquareTwoAndAHalfTimesTheHipToHeadDistance()
    {
        // Hips at (300, 400), the point above the head 200 px straight up.
        PoseRegion region = PoseRegion.FromAlignmentPoints(new Vector2(300, 400), new Vector2(300, 200));
        Assert.Equal(300f, region.CenterXPx);
        Assert.Equal(400f, region.CenterYPx);
        Assert.Equal(2 * 200 * 1.25f, region.SizePx, 4);
        Assert.Equal(0f, region.RotationRad, 6);
    }

    [Theory]
    [InlineData(1, -1, MathF.PI / 4)] // leaning right: head up and to the right, turned clockwise 45°
    [InlineData(-1, -1, -MathF.PI / 4)] // leaning left
    [InlineData(1, 0, MathF.PI / 2)] // lying with the head to the right
    [InlineData(-1, 0, -MathF.PI / 2)] // lying with the head to the left
    [InlineData(0, 1, -MathF.PI)] // upside down: 90° − (−90°) = 180°, normalised to −180°
    public void TheRotationTurnsTheHeadDirectionUpright(float dx, float dy, float expected)
    {
        PoseRegion region = PoseRegion.FromAlignmentPoints(new Vector2(50, 50), new Vector2(50 + 40 * dx, 50 + 40 * dy));
        Assert.Equal(expected, region.RotationRad, 5);
        // Whatever the rotation, the region's top centre (u ½, v 0) lies towards the head.
        Vector2 top = region.ToFrame(0.5f, 0f);
        Vector2 towardsHead = Vector2.Normalize(new Vector2(dx, dy));
        Assert.Equal(1f, Vector2.Dot(Vector2.Normalize(top - new Vector2(50, 50)), towardsHead), 5);
        Assert.Equal(region.SizePx / 2, Vector2.Distance(top, new Vector2(50, 50)), 3);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.7f)]
    [InlineData(-2.5f)]
    public void FrameAndRegionCoordinatesAreInverses(float rotation)
    {
        var region = new PoseRegion(120.5f, -30f, 333f, rotation);
        Vector2 centre = region.ToFrame(0.5f, 0.5f);
        Assert.Equal(120.5f, centre.X, 4);
        Assert.Equal(-30f, centre.Y, 4);
        foreach ((float u, float v) in new[] { (0f, 0f), (1f, 0.25f), (-0.3f, 1.7f) })
        {
            Vector2 back = region.FromFrame(region.ToFrame(u, v));
            Assert.Equal(u, back.X, 5);
            Assert.Equal(v, back.Y, 5);
        }
    }

    [Fact]
    public void AQuarterTurnMapsTheRegionsRightEdgeBelowTheCentre()
    {
        // Rotation +90° (clockwise on screen): the crop's x axis points down the frame.
        var region = new PoseRegion(100, 100, 40, MathF.PI / 2);
        Vector2 right = region.ToFrame(1f, 0.5f);
        Assert.Equal(100f, right.X, 4);
        Assert.Equal(120f, right.Y, 4);
        Vector3 world = region.RotateToFrame(new Vector3(1, 0, 0.5f));
        Assert.Equal(0f, world.X, 6);
        Assert.Equal(1f, world.Y, 6);
        Assert.Equal(0.5f, world.Z);
    }

    [Fact]
    public void TheWholeFrameRegionIsTheLetterboxSquareAroundTheFrameCentre()
    {
        PoseRegion region = PoseRegion.WholeFrame(768, 576);
        Assert.Equal(383.5f, region.CenterXPx);
        Assert.Equal(287.5f, region.CenterYPx);
        Assert.Equal(768f, region.SizePx);
        // The top-left pixel's outer corner is the region's left edge, 96 px of letterbox above the frame.
        Vector2 corner = region.ToFrame(0, 0);
        Assert.Equal(-0.5f, corner.X, 4);
        Assert.Equal(-96.5f, corner.Y, 4);
    }

    [Fact]
    public void BoundsOfARotatedSquareAndTheirOverlap()
    {
        var square = new PoseRegion(0, 0, 2, MathF.PI / 4);
        Vector4 bounds = square.Bounds();
        Assert.Equal(-MathF.Sqrt(2), bounds.X, 5);
        Assert.Equal(MathF.Sqrt(2), bounds.W, 5);
        var a = new PoseRegion(0, 0, 2, 0);
        var b = new PoseRegion(1, 0, 2, 0);
        Assert.Equal(2f / 6f, PoseRegion.BoundsOverlap(a, b), 5);
        Assert.Equal(0f, PoseRegion.BoundsOverlap(a, new PoseRegion(10, 0, 2, 0)));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(MathF.PI, -MathF.PI)]
    [InlineData(-MathF.PI, -MathF.PI)]
    [InlineData(3 * MathF.PI / 2, -MathF.PI / 2)]
    [InlineData(-5 * MathF.PI / 2, -MathF.PI / 2)]
    public void AnglesAreNormalisedToMinusPiToPi(float angle, float expected) =>
        Assert.Equal(expected, PoseRegion.NormalizeRadians(angle), 5);
}
