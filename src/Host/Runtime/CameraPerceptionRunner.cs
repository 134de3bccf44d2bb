using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;
using RobotEdge.RobotModel.Config;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Perception on a real frame source — a V4L2 camera, a video file or an RTSP stream, as
/// <c>camera.source</c> says — with the robot's model card, tracker and pose solver: capture,
/// preprocess, infer, decode, track, PnP, one thread, and figures at the end. The actuators are not
/// involved; this is how a user checks a camera and a model before closing the loop.
/// </summary>
public sealed class CameraPerceptionRunner : IDisposable
{
    private readonly OpenCvFrameSource _source;
    private readonly PerceptionStack _perception;
    private readonly PoseEstimator _estimator;
    private readonly FramePool _frames;

    /// <summary>
    /// Loads the model card, opens the source and builds the robot's perception on it
    /// (<see cref="PerceptionFactory"/>, as <c>run</c> and <c>sim</c> do); <paramref name="sourceOverride"/>
    /// and <paramref name="cardOverride"/> replace the config's. What was opened is closed when a later
    /// step fails.
    /// </summary>
    /// <exception cref="ArgumentException">The source is the simulator, or is malformed.</exception>
    /// <exception cref="FileNotFoundException">The source or the model card is missing.</exception>
    /// <exception cref="InvalidDataException">The source's frame size is not the configured camera's (the intrinsics would not hold), or the model does not load.</exception>
    public CameraPerceptionRunner(RobotConfig config, ILoggerFactory loggers, string? sourceOverride = null, string? cardOverride = null)
    {
        ILogger logger = loggers.CreateLogger("RobotEdge.Perceive");
        CameraSourceSpec spec = CameraSourceSpec.Parse(sourceOverride ?? config.Camera.Source, config.Directory);
        if (spec.Kind == CameraSourceKind.Simulator)
        {
            throw new ArgumentException("camera.source is 'sim': give a real source with --source (v4l2:/dev/video0, file:clip.mkv, rtsp://…), or run robotedge sim");
        }

        ModelCard card = cardOverride is null ? PerceptionFactory.LoadCard(config, logger) : LoadGivenCard(cardOverride);
        _source = OpenCvFrameSource.Open(spec, config.Camera.Width, config.Camera.Height, config.Camera.Fps);
        try
        {
            if (_source.Width != config.Camera.Width || _source.Height != config.Camera.Height)
            {
                throw new InvalidDataException(
                    $"{spec.Location} delivers {_source.Width}x{_source.Height}, robot.json's camera is {config.Camera.Width}x{config.Camera.Height}: set camera.width/height to what the camera gives, and calibrate at that size");
            }

            _perception = PerceptionFactory.Build(config, card, _source.Width, _source.Height, loggers);
        }
        catch
        {
            _source.Dispose();
            throw;
        }

        _estimator = _perception.OnBoard;
        _frames = new FramePool(_source.Width, _source.Height, 1);
        Source = $"{spec.Kind} via OpenCV {_source.Backend}: {spec.Location}";
    }

    /// <summary>The frame source, described.</summary>
    public string Source { get; }

    /// <summary>
    /// Runs until <paramref name="maxFrames"/> frames (0: no limit), the end of the source, or
    /// <paramref name="cancel"/>. <paramref name="onSecond"/> gets a one-line status about once a second.
    /// </summary>
    public CameraPerceptionSummary Run(long maxFrames, CancellationToken cancel, Action<string>? onSecond = null)
    {
        _frames.TryRent(out Frame? frame);
        var latencies = new List<double>(maxFrames > 0 ? (int)Math.Min(maxFrames, 1 << 20) : 4096);
        long frames = 0, detections = 0, poses = 0, idChanges = 0;
        int lastId = 0;
        double sumX = 0, sumY = 0, sumZ = 0;
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        long startNs = MonotonicClock.GetTimestampNs(), nextReportNs = startNs + 1_000_000_000;
        while ((maxFrames == 0 || frames < maxFrames) && !cancel.IsCancellationRequested && _source.TryCapture(frame!))
        {
            _perception.Stage.Estimate(frame!, ref estimate, ref timings);
            if (estimate.Target.Valid)
            {
                poses++;
                sumX += estimate.Target.XM;
                sumY += estimate.Target.YM;
                sumZ += estimate.Target.ZM;
            }

            long doneNs = MonotonicClock.GetTimestampNs();
            latencies.Add((doneNs - frame!.Stamp.CaptureNs) * 1e-6);
            detections += _estimator.Detections.Count;
            if (frames > 0 && estimate.TrackId != lastId)
            {
                idChanges++;
            }

            lastId = estimate.TrackId;
            frames++;
            if (onSecond is not null && doneNs >= nextReportNs)
            {
                nextReportNs = doneNs + 1_000_000_000;
                onSecond(Status(frames, startNs, doneNs, estimate));
            }
        }

        _frames.Return(frame!);
        double seconds = Math.Max(1e-9, (MonotonicClock.GetTimestampNs() - startNs) * 1e-9);
        latencies.Sort();
        return new CameraPerceptionSummary
        {
            Frames = frames,
            FramesPerSecond = frames / seconds,
            CaptureToPoseP50Ms = latencies.Count == 0 ? 0 : latencies[(latencies.Count - 1) / 2],
            CaptureToPoseP99Ms = latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(0.99 * latencies.Count) - 1)],
            MeanDetections = frames == 0 ? 0 : (double)detections / frames,
            PosesSolved = poses,
            MeanTargetPositionM = poses == 0 ? [0, 0, 0] : [sumX / poses, sumY / poses, sumZ / poses],
            TrackIdChanges = idChanges,
            Source = Source,
            Decoder = _estimator.Model.Card.Output.Decoder.ToString(),
            Provider = _estimator.Model.Provider.ToString(),
        };
    }

    private string Status(long frames, long startNs, long nowNs, in PoseEstimate estimate)
    {
        int found = 0;
        for (int k = 0; k < estimate.KeypointCount; k++)
        {
            found += estimate.Keypoints[k].Confidence >= _estimator.MinConfidence ? 1 : 0;
        }

        string pose = estimate.Target.Valid
            ? $"  target at ({estimate.Target.XM:F3}, {estimate.Target.YM:F3}, {estimate.Target.ZM:F3}) m ± {estimate.Target.PositionSigmaM * 1000:F0} mm"
            : "";
        return $"frame {frames}  {frames / ((nowNs - startNs) * 1e-9):F1} fps  targets {_estimator.Detections.Count}  " +
               $"followed #{estimate.TrackId}: {found}/{estimate.KeypointCount} keypoints{pose}";
    }

    /// <summary>A card given on the command line (<c>--card</c>): it must exist; nothing is generated for it.</summary>
    private static ModelCard LoadGivenCard(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"model card {Path.GetFullPath(path)} (--card) does not exist", path);
        }

        return ModelCard.Load(path);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _source.Dispose();
        _perception.Dispose();
    }
}
