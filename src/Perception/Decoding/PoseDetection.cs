using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Decoding;

/// <summary>
/// One target found in a frame: its box and keypoints in frame pixels (pixel-centre convention) and
/// the model's score. Single-target decoders report the keypoints' bounding box and the mean
/// confidence of the keypoints found.
/// </summary>
public struct PoseDetection
{
    /// <summary>Box left edge, frame pixels.</summary>
    public float Left;

    /// <summary>Box top edge, frame pixels.</summary>
    public float Top;

    /// <summary>Box right edge, frame pixels.</summary>
    public float Right;

    /// <summary>Box bottom edge, frame pixels.</summary>
    public float Bottom;

    /// <summary>Detection score in [0, 1].</summary>
    public float Score;

    /// <summary>Keypoints in the card's order.</summary>
    public KeypointSet Keypoints;

    /// <summary>Box area, square pixels (0 for an empty box).</summary>
    public readonly float Area => Math.Max(0, Right - Left) * Math.Max(0, Bottom - Top);

    /// <summary>Intersection over union of two boxes, in [0, 1].</summary>
    public static float IntersectionOverUnion(in PoseDetection a, in PoseDetection b)
    {
        float w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        float h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        float intersection = w * h;
        float union = a.Area + b.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>Sets the box to the bounds of the keypoints at or above <paramref name="minConfidence"/>, and the score to their mean confidence.</summary>
    public void FitBoxToKeypoints(int keypointCount, float minConfidence)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue, sum = 0;
        int found = 0;
        for (int k = 0; k < keypointCount; k++)
        {
            Keypoint p = Keypoints[k];
            if (p.Confidence < minConfidence)
            {
                continue;
            }

            left = Math.Min(left, p.XPx);
            top = Math.Min(top, p.YPx);
            right = Math.Max(right, p.XPx);
            bottom = Math.Max(bottom, p.YPx);
            sum += p.Confidence;
            found++;
        }

        if (found == 0)
        {
            Left = Top = Right = Bottom = Score = 0;
            return;
        }

        (Left, Top, Right, Bottom, Score) = (left, top, right, bottom, sum / keypointCount);
    }
}
