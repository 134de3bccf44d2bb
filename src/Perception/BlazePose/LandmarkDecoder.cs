using System.Numerics;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// Turns the landmark model's outputs for one region into frame keypoints, metric world landmarks
/// and the next frame's region, as MediaPipe's pose landmark graph does:
/// <list type="number">
/// <item>39 landmarks × (x, y, z, visibility, presence): x, y in input pixels, visibility and
/// presence logits through the logistic function (<c>TensorsToLandmarksCalculator</c>);</item>
/// <item>each landmark's x, y refined to the sigmoid-weighted centroid of a 7 × 7 window of its
/// heatmap channel around it, where that window's peak is at least 0.5
/// (<c>RefineLandmarksFromHeatmapCalculator</c>, which weights cell indices, not cell centres);</item>
/// <item>x, y mapped through the region back to the frame (<c>LandmarkProjectionCalculator</c>);</item>
/// <item>world landmarks (metres, hips' midpoint at the origin) rotated by the region's rotation
/// (<c>WorldLandmarkProjectionCalculator</c>), each with its image landmark's visibility;</item>
/// <item>landmarks 33 (hips' midpoint) and 34 (above the head) give the next region, exactly as the
/// detector's alignment keypoints do.</item>
/// </list>
/// The first 33 landmarks are the body (<see cref="BodyLandmark"/>); 35–38 are unused auxiliaries.
/// Allocation-free; one thread.
/// </summary>
public sealed class LandmarkDecoder
{
    /// <summary>Landmarks the model outputs: 33 body landmarks and 6 auxiliary ones.</summary>
    public const int ModelLandmarkCount = 39;

    /// <summary>Body landmarks reported.</summary>
    public const int BodyLandmarkCount = 33;

    /// <summary>Values per landmark in the landmark output: x, y, z, visibility logit, presence logit.</summary>
    public const int ValuesPerLandmark = 5;

    /// <summary>The auxiliary landmark at the hips' midpoint (the next region's centre).</summary>
    public const int AlignmentCenter = 33;

    /// <summary>The auxiliary landmark above the head (the next region's size and "up").</summary>
    public const int AlignmentScalePoint = 34;

    /// <summary>Side of the heatmap window averaged around a landmark, cells.</summary>
    public const int RefinementKernel = 7;

    /// <summary>A landmark is refined only where its window's sigmoid peak reaches this.</summary>
    public const float MinRefinementConfidence = 0.5f;

    private readonly int _inputWidth;
    private readonly int _inputHeight;
    private readonly int _heatmapWidth;
    private readonly int _heatmapHeight;

    /// <summary>Creates a decoder for a model with the given input and heatmap sizes.</summary>
    /// <param name="inputWidth">Landmark model input width, pixels (256).</param>
    /// <param name="inputHeight">Landmark model input height, pixels (256).</param>
    /// <param name="heatmapWidth">Heatmap width, cells (64).</param>
    /// <param name="heatmapHeight">Heatmap height, cells (64).</param>
    public LandmarkDecoder(int inputWidth, int inputHeight, int heatmapWidth, int heatmapHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heatmapWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(heatmapHeight, 1);
        _inputWidth = inputWidth;
        _inputHeight = inputHeight;
        _heatmapWidth = heatmapWidth;
        _heatmapHeight = heatmapHeight;
    }

    /// <summary>Floats in the landmark output (195).</summary>
    public static int LandmarkTensorLength => ModelLandmarkCount * ValuesPerLandmark;

    /// <summary>Floats in the world landmark output (117).</summary>
    public static int WorldTensorLength => ModelLandmarkCount * 3;

    /// <summary>Floats in the heatmap output (H × W × 39).</summary>
    public int HeatmapTensorLength => _heatmapWidth * _heatmapHeight * ModelLandmarkCount;

    /// <summary>
    /// Decodes one region's outputs into <paramref name="person"/> (keypoints and world landmarks;
    /// counts set to 33; the stamp and track left alone) and returns the region the person will
    /// be found in next frame. Real-time safe.
    /// </summary>
    /// <param name="landmarks">The landmark output, 195 floats.</param>
    /// <param name="heatmap">The heatmap output (NHWC, logits), or empty to skip refinement.</param>
    /// <param name="world">The world landmark output, 117 floats.</param>
    /// <param name="region">The region the model looked at.</param>
    /// <param name="person">Receives the keypoints (frame pixels, confidence = visibility) and world landmarks.</param>
    public PoseRegion Decode(ReadOnlySpan<float> landmarks, ReadOnlySpan<float> heatmap, ReadOnlySpan<float> world, in PoseRegion region,
        ref PoseEstimate person)
    {
        if (landmarks.Length < LandmarkTensorLength || world.Length < WorldTensorLength || (!heatmap.IsEmpty && heatmap.Length < HeatmapTensorLength))
        {
            ThrowShapes(landmarks.Length, heatmap.Length, world.Length);
        }

        Vector2 center = default, scalePoint = default;
        for (int k = 0; k <= AlignmentScalePoint; k++)
        {
            int at = k * ValuesPerLandmark;
            float u = landmarks[at] / _inputWidth;
            float v = landmarks[at + 1] / _inputHeight;
            if (!heatmap.IsEmpty)
            {
                Refine(heatmap, k, ref u, ref v);
            }

            Vector2 framePx = region.ToFrame(u, v);
            if (k < BodyLandmarkCount)
            {
                float visibility = Sigmoid(landmarks[at + 3]);
                person.Keypoints[k] = new Keypoint(framePx.X, framePx.Y, visibility);
                Vector3 metres = region.RotateToFrame(new Vector3(world[3 * k], world[3 * k + 1], world[3 * k + 2]));
                person.WorldLandmarks[k] = new WorldLandmark(metres.X, metres.Y, metres.Z, visibility);
            }
            else if (k == AlignmentCenter)
            {
                center = framePx;
            }
            else
            {
                scalePoint = framePx;
            }
        }

        person.KeypointCount = BodyLandmarkCount;
        person.WorldLandmarkCount = BodyLandmarkCount;
        return PoseRegion.FromAlignmentPoints(center, scalePoint);
    }

    /// <summary>The logistic function.</summary>
    public static float Sigmoid(float logit) => 1f / (1f + MathF.Exp(-logit));

    /// <summary>MediaPipe's heatmap refinement of landmark <paramref name="k"/> at (<paramref name="u"/>, <paramref name="v"/>), fractions of the input.</summary>
    private void Refine(ReadOnlySpan<float> heatmap, int k, ref float u, ref float v)
    {
        // C++ float-to-int conversion truncates toward zero; so does C#'s cast.
        int centerCol = (int)(u * _heatmapWidth);
        int centerRow = (int)(v * _heatmapHeight);
        if (centerCol < 0 || centerCol >= _heatmapWidth || centerRow < 0 || centerRow >= _heatmapHeight)
        {
            return;
        }

        const int offset = (RefinementKernel - 1) / 2;
        int beginCol = Math.Max(0, centerCol - offset), endCol = Math.Min(_heatmapWidth, centerCol + offset + 1);
        int beginRow = Math.Max(0, centerRow - offset), endRow = Math.Min(_heatmapHeight, centerRow + offset + 1);
        float sum = 0, weightedCol = 0, weightedRow = 0, peak = 0;
        for (int row = beginRow; row < endRow; row++)
        {
            for (int col = beginCol; col < endCol; col++)
            {
                float confidence = Sigmoid(heatmap[(row * _heatmapWidth + col) * ModelLandmarkCount + k]);
                sum += confidence;
                peak = MathF.Max(peak, confidence);
                weightedCol += col * confidence;
                weightedRow += row * confidence;
            }
        }

        if (peak >= MinRefinementConfidence && sum > 0)
        {
            u = weightedCol / _heatmapWidth / sum;
            v = weightedRow / _heatmapHeight / sum;
        }
    }

    private void ThrowShapes(int landmarks, int heatmap, int world) =>
        throw new ArgumentException(
            $"the landmark model's outputs hold {landmarks}, {heatmap} and {world} floats; expected {LandmarkTensorLength} landmarks, {HeatmapTensorLength} heatmap (or none) and {WorldTensorLength} world values");
}
