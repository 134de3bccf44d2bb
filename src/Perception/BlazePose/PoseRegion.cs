using System.Numerics;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// A rotated square region of a frame that the landmark model looks at: its centre and side in
/// frame pixels (origin at the top-left pixel's centre, x right, y down, as <see cref="Bus.Messages.Keypoint"/>)
/// and its rotation. The region's own axes are the frame's turned by <see cref="RotationRad"/>
/// (positive: clockwise on screen, since y points down), so a person leaning right is upright in
/// the region. Region-relative coordinates <c>(u, v)</c> run from 0 to 1 across the region, left to
/// right and top to bottom of the upright crop.
/// </summary>
/// <param name="CenterXPx">Centre x, frame pixels.</param>
/// <param name="CenterYPx">Centre y, frame pixels.</param>
/// <param name="SizePx">Side of the square, frame pixels (&gt; 0).</param>
/// <param name="RotationRad">Rotation, radians in [−π, π).</param>
public readonly record struct PoseRegion(float CenterXPx, float CenterYPx, float SizePx, float RotationRad)
{
    /// <summary>
    /// How much larger than the body's circle the landmark model's crop is: MediaPipe's
    /// <c>RectTransformationCalculator</c> scale for pose (1.25 along both axes).
    /// </summary>
    public const float PoseScale = 1.25f;

    /// <summary>
    /// The region MediaPipe derives from two alignment points (<c>AlignmentPointsRectsCalculator</c>
    /// then <c>RectTransformationCalculator</c> with <c>square_long</c>): centred on
    /// <paramref name="center"/> (the hips' midpoint), a square of side 2 · |scale − centre| ·
    /// <paramref name="scale"/>, turned so that <paramref name="scalePoint"/> (the point above the
    /// head) is straight up: rotation = 90° − atan2(−(y₁ − y₀), x₁ − x₀), normalised to [−π, π).
    /// </summary>
    /// <param name="center">The hips' midpoint, frame pixels.</param>
    /// <param name="scalePoint">The point above the head, frame pixels.</param>
    /// <param name="scale">Enlargement of the body's circle (<see cref="PoseScale"/>).</param>
    public static PoseRegion FromAlignmentPoints(Vector2 center, Vector2 scalePoint, float scale = PoseScale)
    {
        Vector2 up = scalePoint - center;
        float size = 2f * up.Length() * scale;
        float rotation = NormalizeRadians(MathF.PI / 2 - MathF.Atan2(-up.Y, up.X));
        return new PoseRegion(center.X, center.Y, size, rotation);
    }

    /// <summary>The region covering a whole frame of the given size, letterboxed to a square: the detector's view.</summary>
    public static PoseRegion WholeFrame(int widthPx, int heightPx) =>
        new((widthPx - 1) * 0.5f, (heightPx - 1) * 0.5f, Math.Max(widthPx, heightPx), 0f);

    /// <summary>
    /// Maps region-relative coordinates (0..1 across the upright crop; may lie outside) to frame
    /// pixels: centre + R(rotation) · ((u − ½) · size, (v − ½) · size).
    /// </summary>
    public Vector2 ToFrame(float u, float v)
    {
        (float sin, float cos) = MathF.SinCos(RotationRad);
        float x = (u - 0.5f) * SizePx;
        float y = (v - 0.5f) * SizePx;
        return new Vector2(CenterXPx + cos * x - sin * y, CenterYPx + sin * x + cos * y);
    }

    /// <summary>The inverse of <see cref="ToFrame"/>: region-relative coordinates of a frame point.</summary>
    public Vector2 FromFrame(Vector2 framePx)
    {
        (float sin, float cos) = MathF.SinCos(RotationRad);
        float dx = framePx.X - CenterXPx;
        float dy = framePx.Y - CenterYPx;
        return new Vector2((cos * dx + sin * dy) / SizePx + 0.5f, (-sin * dx + cos * dy) / SizePx + 0.5f);
    }

    /// <summary>Rotates a vector from the region's axes to the frame's (for world landmarks, which have no position).</summary>
    public Vector3 RotateToFrame(Vector3 inRegion)
    {
        (float sin, float cos) = MathF.SinCos(RotationRad);
        return new Vector3(cos * inRegion.X - sin * inRegion.Y, sin * inRegion.X + cos * inRegion.Y, inRegion.Z);
    }

    /// <summary>The upright bounding box of the rotated square, frame pixels: (xMin, yMin, xMax, yMax).</summary>
    public Vector4 Bounds()
    {
        (float sin, float cos) = MathF.SinCos(RotationRad);
        float half = 0.5f * SizePx * (MathF.Abs(cos) + MathF.Abs(sin));
        return new Vector4(CenterXPx - half, CenterYPx - half, CenterXPx + half, CenterYPx + half);
    }

    /// <summary>Intersection over union of two regions' upright bounding boxes, in [0, 1].</summary>
    public static float BoundsOverlap(in PoseRegion a, in PoseRegion b)
    {
        Vector4 p = a.Bounds(), q = b.Bounds();
        float width = MathF.Min(p.Z, q.Z) - MathF.Max(p.X, q.X);
        float height = MathF.Min(p.W, q.W) - MathF.Max(p.Y, q.Y);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        float intersection = width * height;
        float union = (p.Z - p.X) * (p.W - p.Y) + (q.Z - q.X) * (q.W - q.Y) - intersection;
        return union > 0 ? intersection / union : 0;
    }

    /// <summary>MediaPipe's <c>NormalizeRadians</c>: the same angle in [−π, π).</summary>
    public static float NormalizeRadians(float angle) =>
        angle - 2 * MathF.PI * MathF.Floor((angle + MathF.PI) / (2 * MathF.PI));
}
