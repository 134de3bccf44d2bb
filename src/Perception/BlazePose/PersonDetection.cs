using System.Numerics;
using System.Runtime.CompilerServices;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// One person the pose detector found: a box, its score, and the detector's four keypoints, in
/// whatever coordinates the producer states (the decoder: fractions of the detector's input;
/// the estimator: frame pixels). A plain struct held in preallocated arrays.
/// </summary>
public struct PersonDetection
{
    /// <summary>Index of the hips' midpoint in <see cref="Keypoints"/> (the region's centre).</summary>
    public const int HipsCenter = 0;

    /// <summary>Index of the point above the head whose distance from the hips' midpoint is the body's radius and whose direction is "up".</summary>
    public const int FullBodyScalePoint = 1;

    /// <summary>Index of the shoulders' midpoint.</summary>
    public const int ShouldersCenter = 2;

    /// <summary>Index of the point that bounds the upper body (unused by the full-body pipeline).</summary>
    public const int UpperBodyScalePoint = 3;

    /// <summary>Left edge of the box.</summary>
    public float XMin;

    /// <summary>Top edge of the box.</summary>
    public float YMin;

    /// <summary>Right edge of the box.</summary>
    public float XMax;

    /// <summary>Bottom edge of the box.</summary>
    public float YMax;

    /// <summary>The detector's score, a probability in [0, 1].</summary>
    public float Score;

    /// <summary>The four keypoints (<see cref="HipsCenter"/>, <see cref="FullBodyScalePoint"/>, …).</summary>
    public DetectionKeypoints Keypoints;

    /// <summary>The box's area (0 when it is empty or inverted).</summary>
    public readonly float Area => MathF.Max(0, XMax - XMin) * MathF.Max(0, YMax - YMin);

    /// <summary>
    /// Intersection over union of two boxes, in [0, 1]; 0 when either is empty (MediaPipe's
    /// <c>INTERSECTION_OVER_UNION</c> overlap).
    /// </summary>
    public static float IntersectionOverUnion(in PersonDetection a, in PersonDetection b)
    {
        float width = MathF.Min(a.XMax, b.XMax) - MathF.Max(a.XMin, b.XMin);
        float height = MathF.Min(a.YMax, b.YMax) - MathF.Max(a.YMin, b.YMin);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        float intersection = width * height;
        float union = a.Area + b.Area - intersection;
        return union > 0 ? intersection / union : 0;
    }
}

/// <summary>Inline storage for the pose detector's four keypoints.</summary>
[InlineArray(Count)]
public struct DetectionKeypoints
{
    /// <summary>Keypoints per detection.</summary>
    public const int Count = 4;

    private Vector2 _element0;
}
