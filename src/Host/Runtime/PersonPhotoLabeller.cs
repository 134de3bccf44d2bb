using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.BlazePose;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Labels the simulator's person photos with the robot's own BlazePose pipeline, once per picture
/// and model (a process-wide cache): the still picture is run through the pipeline several times,
/// so that the region the landmarks give replaces the detector's, and the biggest person's 33
/// landmarks become the photo's labels, the ground truth carried along the billboard. Load time
/// only; not thread-safe (one rig build at a time uses it), the cache is.
/// </summary>
public sealed class PersonPhotoLabeller : IDisposable
{
    /// <summary>Runs of the pipeline on the still picture: detection, then tracking from its own landmarks until the region settles.</summary>
    public const int Passes = 6;

    /// <summary>Grey the dropped background is shown as, for the pipeline only (the billboard keeps it transparent).</summary>
    private const byte BackgroundGrey = 128;

    private static readonly ConcurrentDictionary<string, Keypoint[]> Cache = new();

    private readonly ModelCard _card;
    private readonly ILogger _logger;
    private BlazePoseEstimator? _estimator;

    /// <summary>Creates a labeller for a <c>blazepose</c> card; the models load on the first picture not in the cache.</summary>
    public PersonPhotoLabeller(ModelCard card, ILogger logger)
    {
        _card = card;
        _logger = logger;
    }

    /// <summary>How many pictures this process has run through the pipeline (cache misses), for tests.</summary>
    public static int PicturesLabelled => _picturesLabelled;

    private static int _picturesLabelled;

    /// <summary>
    /// Labels <paramref name="photo"/>, known as <paramref name="pictureKey"/> (its file, rectangle
    /// and background rule), from the cache or by running the pipeline. A picture in which the
    /// pipeline finds nobody stays unlabelled, with a warning.
    /// </summary>
    public void Label(PersonPhoto photo, string pictureKey)
    {
        string key = $"{_card.ModelPath}|{_card.DetectorPath}|{pictureKey}";
        if (!Cache.TryGetValue(key, out Keypoint[]? landmarks))
        {
            landmarks = Run(photo);
            Interlocked.Increment(ref _picturesLabelled);
            if (landmarks is null)
            {
                _logger.LogWarning("the pose pipeline found nobody in {Picture}: its person has no landmark ground truth", pictureKey);
                return;
            }

            Cache[key] = landmarks;
        }

        photo.SetLandmarks(landmarks);
    }

    private Keypoint[]? Run(PersonPhoto photo)
    {
        _estimator ??= BlazePoseEstimator.Load(_card, [ExecutionProvider.Cpu], _logger);
        _estimator.Reset();
        var pool = new FramePool(photo.Width, photo.Height, 1);
        if (!pool.TryRent(out Frame? frame))
        {
            throw new InvalidOperationException("a fresh frame pool has a frame");
        }

        for (int p = 0; p < photo.Width * photo.Height; p++)
        {
            for (int c = 0; c < 3; c++)
            {
                frame.Pixels[p * 3 + c] = photo.Alpha[p] == 0 ? BackgroundGrey : photo.Bgr[p * 3 + c];
            }
        }

        var estimate = new PoseEstimate();
        var timings = new PerceptionTimings();
        for (int pass = 0; pass < Passes; pass++)
        {
            // A still picture at 30 fps: the smoother sees time pass, and nothing move.
            long ns = pass * 33_333_333L;
            frame.Stamp = new FrameStamp(pass, ns, ns);
            _estimator.Estimate(frame, ref estimate, ref timings);
        }

        pool.Return(frame);
        if (estimate.TrackId == 0 || estimate.KeypointCount < KeypointSet.Capacity)
        {
            return null;
        }

        var landmarks = new Keypoint[KeypointSet.Capacity];
        for (int i = 0; i < landmarks.Length; i++)
        {
            landmarks[i] = estimate.Keypoints[i];
        }

        return landmarks;
    }

    /// <inheritdoc />
    public void Dispose() => _estimator?.Dispose();
}
