using OpenCvSharp;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Pipeline;
using RobotEdge.ReferenceCheck.MediaPipe;

namespace RobotEdge.ReferenceCheck.Comparison;

/// <summary>
/// Our BlazePose pipeline against MediaPipe's own pose solution, image by image: each image is
/// judged on its own by both (MediaPipe's graph and our estimator are reset before it, so both run
/// the detector, then the landmark model on the detected region). MediaPipe reports one person; it
/// is compared with whichever of ours lies closest to it (our estimator may follow several).
/// Not thread-safe; the estimator and the reference stay the caller's.
/// </summary>
public sealed class PipelineComparison
{
    /// <summary>The target: mean landmark error ≤ 1 % of the image diagonal where both find a person.</summary>
    public const double MeanErrorOfDiagonalTarget = 0.01;

    /// <summary>Landmarks MediaPipe scores at least this visible count as visible in <see cref="LandmarkFrameResult.MeanVisibleErrorPx"/>.</summary>
    public const float VisibleAbove = 0.5f;

    private readonly MediaPipePoseReference _mediaPipe;
    private readonly BlazePoseEstimator _ours;
    private readonly Dictionary<(int Width, int Height), FramePool> _pools = [];
    private long _sequence;

    /// <summary>Compares <paramref name="ours"/> with <paramref name="mediaPipe"/>; both should use the same landmark model.</summary>
    public PipelineComparison(MediaPipePoseReference mediaPipe, BlazePoseEstimator ours)
    {
        _mediaPipe = mediaPipe;
        _ours = ours;
    }

    /// <summary>Runs both on <paramref name="bgr"/> (8-bit, 3 channels) and compares their landmarks.</summary>
    public async Task<LandmarkFrameResult> CompareAsync(string label, Mat bgr)
    {
        if (bgr.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"{label}: expected an 8-bit BGR image, got {bgr.Type()}", nameof(bgr));
        }

        // PNG: MediaPipe decodes exactly the pixels our pipeline sees.
        MediaPipePose? reference = await _mediaPipe.EstimateAsync("frame.png", bgr.ImEncode(".png"));
        int people = RunOurs(bgr);
        if (reference is null || people == 0)
        {
            return new LandmarkFrameResult(label, bgr.Width, bgr.Height, reference is not null, people, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        PoseEstimate best = default, person = default;
        double bestMean = double.PositiveInfinity;
        for (int i = 0; i < people; i++)
        {
            _ours.GetPerson(i, ref person);
            double mean = MeanDistancePx(reference, person);
            if (mean < bestMean)
            {
                bestMean = mean;
                best = person;
            }
        }

        return Measure(label, reference, best, people);
    }

    /// <summary>The figures for <paramref name="ours"/> against <paramref name="reference"/> (both 33 landmarks).</summary>
    public static LandmarkFrameResult Measure(string label, MediaPipePose reference, in PoseEstimate ours, int ourPeople)
    {
        int count = Math.Min(reference.Landmarks.Length, ours.KeypointCount);
        double sum = 0, visibleSum = 0, max = 0, worldSum = 0;
        int visible = 0, world = 0;
        for (int i = 0; i < count; i++)
        {
            double distance = Distance(reference, ours, i);
            sum += distance;
            max = Math.Max(max, distance);
            if (reference.Landmarks[i].Visibility >= VisibleAbove)
            {
                visibleSum += distance;
                visible++;
            }

            if (i < ours.WorldLandmarkCount && i < reference.WorldLandmarks.Length)
            {
                WorldLandmark mine = ours.WorldLandmarks[i];
                MediaPipeLandmark theirs = reference.WorldLandmarks[i];
                double dx = mine.XM - theirs.X, dy = mine.YM - theirs.Y, dz = mine.ZM - theirs.Z;
                worldSum += Math.Sqrt(dx * dx + dy * dy + dz * dz);
                world++;
            }
        }

        return new LandmarkFrameResult(label, reference.ImageWidth, reference.ImageHeight, true, ourPeople,
            count == 0 ? double.NaN : sum / count, visible == 0 ? double.NaN : visibleSum / visible, max, world == 0 ? double.NaN : worldSum / world);
    }

    private static double MeanDistancePx(MediaPipePose reference, in PoseEstimate ours)
    {
        int count = Math.Min(reference.Landmarks.Length, ours.KeypointCount);
        double sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += Distance(reference, ours, i);
        }

        return count == 0 ? double.PositiveInfinity : sum / count;
    }

    private static double Distance(MediaPipePose reference, in PoseEstimate ours, int index)
    {
        Keypoint mine = ours.Keypoints[index];
        double dx = mine.XPx - reference.PixelX(index), dy = mine.YPx - reference.PixelY(index);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>Our pipeline on the image from a fresh start; returns how many people it found.</summary>
    private int RunOurs(Mat bgr)
    {
        if (!_pools.TryGetValue((bgr.Width, bgr.Height), out FramePool? pool))
        {
            pool = new FramePool(bgr.Width, bgr.Height, 1);
            _pools[(bgr.Width, bgr.Height)] = pool;
        }

        if (!pool.TryRent(out Frame? frame))
        {
            throw new InvalidOperationException("the comparison's frame pool is empty");
        }

        try
        {
            // A region of a larger image has gaps between its rows: copy it into one block first.
            using Mat? packed = bgr.IsContinuous() ? null : bgr.Clone();
            System.Runtime.InteropServices.Marshal.Copy((packed ?? bgr).Data, frame.Pixels, 0, frame.Pixels.Length);
            // A second apart: the smoothing filters see unrelated stills, not motion.
            _sequence++;
            long captureNs = _sequence * 1_000_000_000L;
            frame.Stamp = new FrameStamp(_sequence, captureNs, captureNs);
            _ours.Reset();
            PoseEstimate estimate = default;
            PerceptionTimings timings = default;
            _ours.Estimate(frame, ref estimate, ref timings);
            return _ours.PersonCount;
        }
        finally
        {
            pool.Return(frame);
        }
    }
}
