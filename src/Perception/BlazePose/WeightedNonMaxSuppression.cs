using System.Numerics;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// MediaPipe's weighted non-maximum suppression (<c>NonMaxSuppressionCalculator</c>, algorithm
/// <c>WEIGHTED</c>, overlap <c>INTERSECTION_OVER_UNION</c>): take the best-scored remaining
/// detection; every remaining detection overlapping it by more than the threshold (itself
/// included) is a candidate; the output is the best detection with its box and keypoints replaced
/// by the candidates' score-weighted mean (its score kept); the candidates leave the pool. Repeats
/// until the pool is empty or the output is full. Averaging the overlapping anchors, rather than
/// keeping only the best, steadies the box and keypoints from frame to frame.
/// Allocation-free after construction; one thread.
/// </summary>
public sealed class WeightedNonMaxSuppression
{
    /// <summary>Candidates' indices, sorted best first; then the pool still unassigned.</summary>
    private readonly int[] _order;

    /// <summary>Sort keys: negated scores (an ascending sort puts the best first).</summary>
    private readonly float[] _keys;

    /// <summary>Creates a suppressor for up to <paramref name="capacity"/> input detections.</summary>
    /// <param name="capacity">Most detections one call may pass in (the detector's anchor count is always enough).</param>
    /// <param name="minSuppressionIou">Overlap above which a detection joins the best one's cluster, in [0, 1); MediaPipe uses 0.3 for pose.</param>
    public WeightedNonMaxSuppression(int capacity, float minSuppressionIou)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (!(minSuppressionIou >= 0 && minSuppressionIou < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minSuppressionIou), minSuppressionIou, "the suppression overlap must be within [0, 1)");
        }

        _order = new int[capacity];
        _keys = new float[capacity];
        MinSuppressionIou = minSuppressionIou;
    }

    /// <summary>Overlap (IoU) above which a detection is merged into a better one.</summary>
    public float MinSuppressionIou { get; }

    /// <summary>
    /// Suppresses <paramref name="input"/> into <paramref name="output"/> (best first) and returns
    /// how many were written, at most the output's length. <paramref name="input"/> is not changed.
    /// Real-time safe.
    /// </summary>
    public int Run(ReadOnlySpan<PersonDetection> input, Span<PersonDetection> output)
    {
        if (input.Length > _order.Length)
        {
            throw new ArgumentException($"{input.Length} detections exceed this suppressor's capacity of {_order.Length}", nameof(input));
        }

        int remaining = input.Length;
        for (int i = 0; i < remaining; i++)
        {
            _order[i] = i;
            _keys[i] = -input[i].Score;
        }

        _keys.AsSpan(0, remaining).Sort(_order.AsSpan(0, remaining));
        int written = 0;
        while (remaining > 0 && written < output.Length)
        {
            ref readonly PersonDetection best = ref input[_order[0]];
            float totalScore = 0;
            float xMin = 0, yMin = 0, xMax = 0, yMax = 0;
            DetectionKeypoints keypoints = default;
            int kept = 0;
            // One pass splits the pool: candidates are folded into the weighted mean, the rest are
            // compacted to the front of _order in their (score) order.
            for (int i = 0; i < remaining; i++)
            {
                int index = _order[i];
                ref readonly PersonDetection other = ref input[index];
                if (PersonDetection.IntersectionOverUnion(other, best) > MinSuppressionIou)
                {
                    float score = other.Score;
                    totalScore += score;
                    xMin += other.XMin * score;
                    yMin += other.YMin * score;
                    xMax += other.XMax * score;
                    yMax += other.YMax * score;
                    for (int k = 0; k < DetectionKeypoints.Count; k++)
                    {
                        keypoints[k] += other.Keypoints[k] * score;
                    }
                }
                else
                {
                    _order[kept++] = index;
                }
            }

            ref PersonDetection merged = ref output[written++];
            merged = best;
            // An empty best box overlaps nothing, not even itself: it is reported as it is.
            if (totalScore > 0)
            {
                float inverse = 1f / totalScore;
                merged.XMin = xMin * inverse;
                merged.YMin = yMin * inverse;
                merged.XMax = xMax * inverse;
                merged.YMax = yMax * inverse;
                for (int k = 0; k < DetectionKeypoints.Count; k++)
                {
                    merged.Keypoints[k] = keypoints[k] * inverse;
                }
            }

            if (kept == remaining)
            {
                // The best one did not overlap itself (an empty box): drop it so the loop ends.
                kept = DropFirst(kept);
            }

            remaining = kept;
        }

        return written;
    }

    private int DropFirst(int count)
    {
        Array.Copy(_order, 1, _order, 0, count - 1);
        return count - 1;
    }
}
