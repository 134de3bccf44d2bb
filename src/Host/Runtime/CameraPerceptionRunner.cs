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
/// perceive (whatever <see cref="IPoseInference"/> the card builds: the marker models, BlazePose),
/// hand each frame to the observers (printing, an annotated video), one thread, and figures at the
/// end. The actuators are not involved; this is how a user checks a camera and a model before
/// closing the loop.
/// </summary>
public sealed class CameraPerceptionRunner : IDisposable
{
    private readonly OpenCvFrameSource _source;
    private readonly PerceptionStack _perception;
    private readonly IPersonList? _people;
    private readonly FramePool _frames;
    private readonly string _decoder;
    private readonly string _provider;

    /// <summary>
    /// Loads the model card, opens the source and builds the robot's perception on it
    /// (<see cref="PerceptionFactory"/>, as <c>run</c> and <c>sim</c> do); <paramref name="sourceOverride"/>
    /// and <paramref name="cardOverride"/> replace the config's, <paramref name="maxPeople"/> a blazepose
    /// card's <c>blazePose.maxPeople</c>. When the source's frames have another
    /// size than <c>camera.width/height</c> but the same aspect ratio, the intrinsics are scaled to it
    /// (<see cref="CameraRescale"/>; <paramref name="config"/>'s camera is changed in place); another
    /// aspect ratio is refused. What was opened is closed when a later step fails.
    /// </summary>
    /// <exception cref="ArgumentException">The source is the simulator, or is malformed; or <paramref name="maxPeople"/> is given for a card that is not blazepose, or is out of range.</exception>
    /// <exception cref="FileNotFoundException">The source or the model card is missing.</exception>
    /// <exception cref="InvalidDataException">The source's frames have another aspect ratio than the configured camera's (the intrinsics would not hold), or the model does not load.</exception>
    public CameraPerceptionRunner(RobotConfig config, ILoggerFactory loggers, string? sourceOverride = null, string? cardOverride = null, int? maxPeople = null)
    {
        ILogger logger = loggers.CreateLogger("RobotEdge.Perceive");
        CameraSourceSpec spec = CameraSourceSpec.Parse(sourceOverride ?? config.Camera.Source, config.Directory);
        if (spec.Kind == CameraSourceKind.Simulator)
        {
            throw new ArgumentException("camera.source is 'sim': give a real source with --camera (v4l2:/dev/video0, file:clip.mkv, rtsp://…), or run robotedge sim");
        }

        ModelCard card = cardOverride is null ? PerceptionFactory.LoadCard(config, logger) : LoadGivenCard(cardOverride);
        if (maxPeople is int most)
        {
            if (card.BlazePose is null || most < 1 || most > BlazePoseSpec.MaxPeopleLimit)
            {
                throw new ArgumentException(card.BlazePose is null
                    ? $"--max-people applies to a blazepose card; {card.Name} is a {card.Output.Decoder} card"
                    : $"--max-people must be 1..{BlazePoseSpec.MaxPeopleLimit} (got {most})");
            }

            card.BlazePose.MaxPeople = most;
        }

        _source = OpenCvFrameSource.Open(spec, config.Camera.Width, config.Camera.Height, config.Camera.Fps);
        try
        {
            if (_source.Width != config.Camera.Width || _source.Height != config.Camera.Height)
            {
                CameraRescale = CameraRescaling.ScaleTo(config.Camera, _source.Width, _source.Height, spec.Location);
            }

            _perception = PerceptionFactory.Build(config, card, _source.Width, _source.Height, loggers);
        }
        catch
        {
            _source.Dispose();
            throw;
        }

        _people = _perception.Inference as IPersonList;
        _frames = new FramePool(_source.Width, _source.Height, 1);
        Card = card;
        _decoder = card.Output.Decoder.ToString();
        _provider = _perception.Provider.ToString();
        Source = $"{spec.Kind} via OpenCV {_source.Backend}: {spec.Location}";
    }

    /// <summary>The frame source, described.</summary>
    public string Source { get; }

    /// <summary>The model card the perception runs (its keypoint names and skeleton, for observers).</summary>
    public ModelCard Card { get; }

    /// <summary>Frame width, pixels.</summary>
    public int Width => _source.Width;

    /// <summary>Frame height, pixels.</summary>
    public int Height => _source.Height;

    /// <summary>The source's frame rate, frames per second (a file's recorded rate).</summary>
    public double Fps => _source.Fps;

    /// <summary>Keypoints below this confidence count as not found.</summary>
    public float MinConfidence => _perception.Stage.MinConfidence;

    /// <summary>How the camera's intrinsics were scaled to the source's frame size, or null when it is the configured size.</summary>
    public string? CameraRescale { get; }

    /// <summary>
    /// Runs until <paramref name="maxFrames"/> frames (0: no limit), the end of the source, or
    /// <paramref name="cancel"/>. <paramref name="onSecond"/> gets a one-line status about once a second;
    /// <paramref name="observers"/> see every frame after it was perceived (their time is not counted
    /// as perception's).
    /// </summary>
    public CameraPerceptionSummary Run(long maxFrames, CancellationToken cancel, Action<string>? onSecond = null,
        IReadOnlyList<IPerceivedFrameObserver>? observers = null)
    {
        _frames.TryRent(out Frame? frame);
        int capacity = maxFrames > 0 ? (int)Math.Min(maxFrames, 1 << 20) : 4096;
        var latencies = new List<double>(capacity);
        var perceptionTimes = new List<double>(capacity);
        var peopleHistogram = new long[KeypointSet.Capacity + 1];
        long frames = 0, poses = 0, idChanges = 0, people = 0;
        int lastId = 0, maxPeople = 0;
        double sumX = 0, sumY = 0, sumZ = 0;
        var estimate = default(PoseEstimate);
        var timings = default(PerceptionTimings);
        long startNs = MonotonicClock.GetTimestampNs(), nextReportNs = startNs + 1_000_000_000;
        while ((maxFrames == 0 || frames < maxFrames) && !cancel.IsCancellationRequested && _source.TryCapture(frame!))
        {
            long beginNs = MonotonicClock.GetTimestampNs();
            _perception.Stage.Estimate(frame!, ref estimate, ref timings);
            long doneNs = MonotonicClock.GetTimestampNs();
            if (estimate.Target.Valid)
            {
                poses++;
                sumX += estimate.Target.XM;
                sumY += estimate.Target.YM;
                sumZ += estimate.Target.ZM;
            }

            latencies.Add((doneNs - frame!.Stamp.CaptureNs) * 1e-6);
            double perceptionMs = (doneNs - beginNs) * 1e-6;
            perceptionTimes.Add(perceptionMs);
            int inView = _people?.PersonCount ?? estimate.TargetsInView;
            people += inView;
            maxPeople = Math.Max(maxPeople, inView);
            peopleHistogram[Math.Min(inView, peopleHistogram.Length - 1)]++;
            if (frames > 0 && estimate.TrackId != lastId)
            {
                idChanges++;
            }

            lastId = estimate.TrackId;
            if (observers is not null)
            {
                foreach (IPerceivedFrameObserver observer in observers)
                {
                    observer.OnFrame(frames, frame, estimate, _people, perceptionMs);
                }
            }

            frames++;
            if (onSecond is not null && doneNs >= nextReportNs)
            {
                nextReportNs = doneNs + 1_000_000_000;
                onSecond(Status(frames, startNs, doneNs, inView, estimate));
            }
        }

        _frames.Return(frame!);
        double seconds = Math.Max(1e-9, (MonotonicClock.GetTimestampNs() - startNs) * 1e-9);
        latencies.Sort();
        perceptionTimes.Sort();
        int lastCount = Array.FindLastIndex(peopleHistogram, n => n > 0);
        return new CameraPerceptionSummary
        {
            Frames = frames,
            FramesPerSecond = frames / seconds,
            CaptureToPoseP50Ms = Percentile(latencies, 0.5),
            CaptureToPoseP99Ms = Percentile(latencies, 0.99),
            PerceptionP50Ms = Percentile(perceptionTimes, 0.5),
            PerceptionP99Ms = Percentile(perceptionTimes, 0.99),
            MeanPeople = frames == 0 ? 0 : (double)people / frames,
            MaxPeople = maxPeople,
            FramesByPeopleCount = peopleHistogram[..(lastCount + 1)],
            PosesSolved = poses,
            MeanTargetPositionM = poses == 0 ? [0, 0, 0] : [sumX / poses, sumY / poses, sumZ / poses],
            TrackIdChanges = idChanges,
            Source = Source,
            Decoder = _decoder,
            Provider = _provider,
        };
    }

    /// <summary>The value at quantile <paramref name="q"/> of sorted values (nearest rank); 0 when empty.</summary>
    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    private string Status(long frames, long startNs, long nowNs, int inView, in PoseEstimate estimate)
    {
        int found = 0;
        for (int k = 0; k < estimate.KeypointCount; k++)
        {
            found += estimate.Keypoints[k].Confidence >= MinConfidence ? 1 : 0;
        }

        string pose = estimate.Target.Valid
            ? $"  target at ({estimate.Target.XM:F3}, {estimate.Target.YM:F3}, {estimate.Target.ZM:F3}) m ± {estimate.Target.PositionSigmaM * 1000:F0} mm"
            : "";
        return $"frame {frames}  {frames / ((nowNs - startNs) * 1e-9):F1} fps  people {inView}  " +
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
