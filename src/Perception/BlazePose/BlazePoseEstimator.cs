using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Pipeline;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// MediaPipe's BlazePose pipeline on ONNX Runtime, for up to <see cref="MaxPeople"/> people:
/// the person detector on the letterboxed frame (only when nobody is followed, and every
/// <see cref="BlazePoseSpec.DetectionIntervalFrames"/> frames while fewer than
/// <see cref="MaxPeople"/> are), anchor decoding, weighted NMS, a rotated square region per
/// person from the alignment keypoints; per followed person the landmark model on the region's
/// affine-warped crop → 33 body landmarks (frame pixels, confidence = visibility, One-Euro
/// smoothed) and world landmarks (metres), and next frame's region from this frame's auxiliary
/// landmarks. A person whose pose-presence score drops below <see cref="BlazePoseSpec.MinPresence"/>
/// is lost. <see cref="Estimate"/> reports one person (<see cref="SelectedTrackId"/>, or the
/// biggest); <see cref="GetPerson"/> gives all of them.
/// Owns both models. Called from the perception thread only (except <see cref="SelectedTrackId"/>);
/// <see cref="Estimate"/> allocates nothing and takes no lock in steady state, in both modes.
/// </summary>
public sealed partial class BlazePoseEstimator : IPoseInference, IPersonList, IDisposable
{
    /// <summary>Shape of the detector's input (NHWC).</summary>
    public static readonly long[] DetectorInputShape = [1, 224, 224, 3];

    /// <summary>Shape of the landmark model's input (NHWC).</summary>
    public static readonly long[] LandmarkInputShape = [1, 256, 256, 3];

    /// <summary>Two regions whose upright bounds overlap by more than this (IoU) hold the same person.</summary>
    public const float SamePersonOverlap = 0.5f;

    /// <summary>Two tracks whose torso landmarks lie within this fraction of the larger region's side (mean distance) are the same person.</summary>
    public const float SameTorsoTolerance = 0.08f;

    private readonly BoundTensorModel _detector;
    private readonly BoundTensorModel _landmarks;
    private readonly BlazePoseSpec _spec;
    private readonly RegionSampler _detectorSampler;
    private readonly RegionSampler _landmarkSampler;
    private readonly PersonDetectionDecoder _detectionDecoder;
    private readonly WeightedNonMaxSuppression _nms;
    private readonly LandmarkDecoder _landmarkDecoder;
    private readonly PersonTrack[] _tracks;

    /// <summary>Every anchor above the score threshold this frame, from every detection region, in frame pixels.</summary>
    private readonly PersonDetection[] _candidates;

    /// <summary>This frame's detections after NMS, best first, in frame pixels.</summary>
    private readonly PersonDetection[] _detections;

    /// <summary>Where the detector looks (<see cref="DetectionTiling"/>), for frames of <see cref="_tilesWidth"/>×<see cref="_tilesHeight"/>.</summary>
    private PoseRegion[] _tiles = [];

    private int _tilesWidth, _tilesHeight;

    private readonly int _boxesOutput, _scoresOutput;
    private readonly int _landmarkOutput, _presenceOutput, _heatmapOutput, _worldOutput;

    /// <summary>The person reported by <see cref="Estimate"/>: a track id, or 0 for the biggest. Written by any thread.</summary>
    private int _selectedTrackId;

    private int _nextId = 1;
    private int _framesSinceDetection;
    private int _detectionCount;

    /// <summary>Builds the pipeline over two loaded models; both are owned and disposed.</summary>
    /// <param name="detector">The converted person detector ([1,224,224,3] → [1,2254,12], [1,2254,1]).</param>
    /// <param name="landmarks">The converted landmark model ([1,256,256,3] → [1,195], [1,1], [1,64,64,39], [1,117], …).</param>
    /// <param name="spec">The card's <c>blazePose</c> section.</param>
    /// <param name="minConfidence">Keypoints whose visibility is below this count as not found (and are not smoothed).</param>
    /// <param name="minCutoffHz">One-Euro cutoff at rest, Hz.</param>
    /// <param name="beta">One-Euro speed coefficient, per (pixel/s).</param>
    /// <exception cref="InvalidDataException">A model's tensors are not those of BlazePose; the message names the file and shapes.</exception>
    public BlazePoseEstimator(BoundTensorModel detector, BoundTensorModel landmarks, BlazePoseSpec spec, float minConfidence,
        double minCutoffHz = 5, double beta = 0.3)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _detector = detector;
        _landmarks = landmarks;
        _spec = spec;
        MinConfidence = minConfidence;
        RequireInput(detector, DetectorInputShape);
        RequireInput(landmarks, LandmarkInputShape);
        _boxesOutput = RequireOutput(detector, [1, 2254, PersonDetectionDecoder.ValuesPerAnchor], "boxes");
        _scoresOutput = RequireOutput(detector, [1, 2254, 1], "scores");
        _landmarkOutput = RequireOutput(landmarks, [1, LandmarkDecoder.LandmarkTensorLength], "landmarks");
        _presenceOutput = RequireOutput(landmarks, [1, 1], "pose presence");
        _heatmapOutput = RequireOutput(landmarks, [1, 64, 64, LandmarkDecoder.ModelLandmarkCount], "heatmap");
        _worldOutput = RequireOutput(landmarks, [1, LandmarkDecoder.WorldTensorLength], "world landmarks");

        SsdAnchorOptions anchors = SsdAnchorOptions.PoseDetection;
        _detectorSampler = new RegionSampler(anchors.InputWidth, anchors.InputHeight, -1f, 1f, RegionBorder.Zero);
        _landmarkSampler = new RegionSampler(256, 256, 0f, 1f, RegionBorder.Replicate);
        _detectionDecoder = new PersonDetectionDecoder(anchors, spec.MinDetectionScore);
        int regions = DetectionTiling.Regions(1, 1, spec.DetectionTiles).Length;
        _nms = new WeightedNonMaxSuppression(_detectionDecoder.AnchorCount * regions, spec.NmsIou);
        _landmarkDecoder = new LandmarkDecoder(256, 256, 64, 64);
        _candidates = new PersonDetection[_detectionDecoder.AnchorCount * regions];
        _detections = new PersonDetection[2 * BlazePoseSpec.MaxPeopleLimit];
        _tracks = new PersonTrack[spec.MaxPeople];
        for (int i = 0; i < _tracks.Length; i++)
        {
            _tracks[i] = new PersonTrack(minCutoffHz, beta, minConfidence);
        }
    }

    /// <summary>
    /// Loads a <c>blazepose</c> card's two models (converting them from their TFLite originals first
    /// where needed, <see cref="BlazePoseModels.EnsureConverted"/>) and builds the pipeline. Not real-time.
    /// </summary>
    /// <exception cref="InvalidDataException">The card is not a blazepose card, or a model is not what it says.</exception>
    /// <exception cref="FileNotFoundException">A model, or its TFLite original, is missing; the message says how to get it.</exception>
    public static BlazePoseEstimator Load(ModelCard card, IReadOnlyList<ExecutionProvider> providers, ILogger logger, int intraOpThreads = 1,
        double minCutoffHz = 5, double beta = 0.3)
    {
        if (card.Output.Decoder != OutputDecoder.Blazepose || card.BlazePose is null)
        {
            throw new InvalidDataException($"model card {card.SourcePath ?? card.Name} is not a blazepose card (output.decoder and a blazePose section)");
        }

        BlazePoseModels.EnsureConverted(card, logger);
        BoundTensorModel detector = BoundTensorModel.Load(card.DetectorPath!, card.Name + " detector", providers, logger, intraOpThreads);
        BoundTensorModel? landmarks = null;
        try
        {
            landmarks = BoundTensorModel.Load(card.ModelPath, card.Name, providers, logger, intraOpThreads, IsLandmarkOutputRead);
            return new BlazePoseEstimator(detector, landmarks, card.BlazePose, card.Output.MinConfidence, minCutoffHz, beta);
        }
        catch
        {
            landmarks?.Dispose();
            detector.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether the pipeline reads the landmark model's output of this shape: the landmarks, the pose
    /// presence, the heatmap and the world landmarks. The 256 × 256 segmentation mask is not read, so
    /// <see cref="Load"/> cuts its head from the graph (<see cref="OnnxOutputPruning"/>) rather than
    /// compute it on every frame.
    /// </summary>
    public static bool IsLandmarkOutputRead(long[] shape) =>
        shape.AsSpan().SequenceEqual([1, LandmarkDecoder.LandmarkTensorLength])
        || shape.AsSpan().SequenceEqual([1, 1])
        || shape.AsSpan().SequenceEqual([1, 64, 64, LandmarkDecoder.ModelLandmarkCount])
        || shape.AsSpan().SequenceEqual([1, LandmarkDecoder.WorldTensorLength]);

    /// <summary>Keypoints whose visibility is below this count as not found.</summary>
    public float MinConfidence { get; }

    /// <summary>Most people followed at once.</summary>
    public int MaxPeople => _tracks.Length;

    /// <summary>The person detector.</summary>
    public BoundTensorModel Detector => _detector;

    /// <summary>The landmark model.</summary>
    public BoundTensorModel LandmarkModel => _landmarks;

    /// <summary>
    /// Whom <see cref="Estimate"/> reports: a track id (<see cref="PoseEstimate.TrackId"/> of a person
    /// from <see cref="GetPerson"/>), or 0 for the biggest (nearest) person. While the chosen person is
    /// out of view nobody is reported (the estimate carries no keypoints), rather than someone else.
    /// Any thread may set it; the next frame uses it.
    /// </summary>
    public int SelectedTrackId
    {
        get => Volatile.Read(ref _selectedTrackId);
        set => Volatile.Write(ref _selectedTrackId, value);
    }

    /// <summary>Runs the detector on every frame (looking for newcomers even while everyone is followed): for benchmarks of the detection mode.</summary>
    public bool DetectEveryFrame { get; set; }

    /// <summary>Whether the last <see cref="Estimate"/> ran the detector.</summary>
    public bool LastFrameRanDetector { get; private set; }

    /// <summary>People found by the detector on the last frame it ran (after NMS; before matching them to followed people).</summary>
    public int LastDetectionCount => _detectionCount;

    /// <summary>Number of people found in the last frame (the valid indices of <see cref="GetPerson"/>).</summary>
    public int PersonCount { get; private set; }

    /// <summary>
    /// Copies person <paramref name="index"/> (0 ≤ index &lt; <see cref="PersonCount"/>) of the last
    /// frame into <paramref name="person"/>: keypoints, world landmarks, track id, stamp. Real-time safe.
    /// </summary>
    public void GetPerson(int index, ref PoseEstimate person) => person = ActiveTrack(index).Estimate;

    /// <summary>The region the landmark model looked at for person <paramref name="index"/> in the last frame (frame pixels).</summary>
    public PoseRegion GetPersonRegion(int index) => ActiveTrack(index).Region;

    /// <summary>The pose-presence score of person <paramref name="index"/> in the last frame, [0, 1].</summary>
    public float GetPersonPresence(int index) => ActiveTrack(index).Presence;

    /// <summary>Forgets everyone followed: the next frame starts with the detector (for unrelated stills).</summary>
    public void Reset()
    {
        foreach (PersonTrack track in _tracks)
        {
            track.Active = false;
        }

        PersonCount = 0;
    }

    /// <summary>
    /// Finds and follows the people in <paramref name="frame"/> (the caller keeps ownership) and
    /// reports the selected one in <paramref name="estimate"/> (33 keypoints, world landmarks, its
    /// track id, the number of people in view) with the time spent in <paramref name="timings"/>:
    /// preprocessing = the warps, inference = the model runs, decode = decoding, NMS, tracking and
    /// smoothing. Real-time safe in steady state: no allocation, no lock.
    /// </summary>
    public void Estimate(Frame frame, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        var clock = new StepClock();
        int followed = CountActive();
        bool detect = followed == 0 || DetectEveryFrame
            || (followed < _tracks.Length && _spec.DetectionIntervalFrames > 0 && _framesSinceDetection >= _spec.DetectionIntervalFrames);
        LastFrameRanDetector = detect;
        if (detect)
        {
            Detect(frame, ref clock);
            _framesSinceDetection = 0;
        }
        else
        {
            _framesSinceDetection++;
        }

        long captureNs = frame.Stamp.CaptureNs;
        foreach (PersonTrack track in _tracks)
        {
            if (track.Active)
            {
                FollowOne(frame, track, captureNs, ref clock);
            }
        }

        DropDuplicates();
        PersonCount = CountActive();
        Report(frame.Stamp, ref estimate);
        estimate.InferredRealNs = MonotonicClock.GetTimestampNs();
        timings.PreprocessNs = clock.PreprocessNs;
        timings.InferenceNs = clock.InferenceNs;
        timings.DecodeNs = clock.DecodeNs;
    }

    /// <summary>Fills <paramref name="estimate"/> with the selected (or biggest) person, or with nobody.</summary>
    private void Report(FrameStamp stamp, ref PoseEstimate estimate)
    {
        int selected = SelectedTrackId;
        PersonTrack? chosen = null;
        foreach (PersonTrack track in _tracks)
        {
            if (!track.Active)
            {
                continue;
            }

            if (selected != 0 ? track.Id == selected : chosen is null || track.Region.SizePx > chosen.Region.SizePx)
            {
                chosen = track;
            }
        }

        estimate.Stamp = stamp;
        estimate.Target.Valid = false;
        estimate.TargetsInView = PersonCount;
        estimate.KeypointCount = LandmarkDecoder.BodyLandmarkCount;
        if (chosen is null)
        {
            estimate.Keypoints = default;
            estimate.TrackId = 0;
            estimate.WorldLandmarkCount = 0;
            estimate.WorldLandmarks = default;
            return;
        }

        estimate.Keypoints = chosen.Estimate.Keypoints;
        estimate.TrackId = chosen.Id;
        estimate.WorldLandmarkCount = chosen.Estimate.WorldLandmarkCount;
        estimate.WorldLandmarks = chosen.Estimate.WorldLandmarks;
    }

    /// <summary>
    /// Two followed people who are one body: their regions converged (overlap above
    /// <see cref="SamePersonOverlap"/>), or the landmark model put their torsos in the same place
    /// (<see cref="SameTorso"/>) — as it does when a detection of part of someone (a detection tile
    /// that saw only their upper body, a region of another size on them) starts a second track on
    /// a person already followed: the landmark model finds the whole person in either region. The
    /// one followed longer stays.
    /// </summary>
    private void DropDuplicates()
    {
        for (int i = 0; i < _tracks.Length; i++)
        {
            for (int j = i + 1; j < _tracks.Length; j++)
            {
                PersonTrack a = _tracks[i], b = _tracks[j];
                if (a.Active && b.Active && (PoseRegion.BoundsOverlap(a.Region, b.Region) > SamePersonOverlap || SameTorso(a, b)))
                {
                    (a.Frames >= b.Frames ? b : a).Active = false;
                }
            }
        }
    }

    /// <summary>Torso landmarks compared by <see cref="SameTorso"/>: shoulders and hips.</summary>
    private static readonly int[] TorsoLandmarks =
        [(int)BodyLandmark.LeftShoulder, (int)BodyLandmark.RightShoulder, (int)BodyLandmark.LeftHip, (int)BodyLandmark.RightHip];

    /// <summary>
    /// Whether two tracks' torso landmarks (those visible in both, at least two) lie on top of each
    /// other: mean distance under <see cref="SameTorsoTolerance"/> of the larger region's side. Two
    /// people side by side are at least a shoulder width apart (about a quarter of the side of a
    /// region, which is 1.25 × the body's height), so only one body passes.
    /// </summary>
    private bool SameTorso(PersonTrack a, PersonTrack b)
    {
        float sum = 0;
        int count = 0;
        foreach (int landmark in TorsoLandmarks)
        {
            Keypoint p = a.Estimate.Keypoints[landmark], q = b.Estimate.Keypoints[landmark];
            if (p.Confidence >= MinConfidence && q.Confidence >= MinConfidence)
            {
                float dx = p.XPx - q.XPx, dy = p.YPx - q.YPx;
                sum += MathF.Sqrt(dx * dx + dy * dy);
                count++;
            }
        }

        return count >= 2 && sum / count < SameTorsoTolerance * MathF.Max(a.Region.SizePx, b.Region.SizePx);
    }

    private PersonTrack ActiveTrack(int index)
    {
        if ((uint)index < (uint)PersonCount)
        {
            foreach (PersonTrack track in _tracks)
            {
                if (track.Active && index-- == 0)
                {
                    return track;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"the last frame has {PersonCount} people");
    }

    private int CountActive()
    {
        int n = 0;
        foreach (PersonTrack track in _tracks)
        {
            n += track.Active ? 1 : 0;
        }

        return n;
    }

    private static void RequireInput(BoundTensorModel model, long[] shape)
    {
        if (!model.InputShape.AsSpan().SequenceEqual(shape))
        {
            throw new InvalidDataException(
                $"model {model.ModelPath}: input '{model.InputName}' has shape [{string.Join(",", model.InputShape)}], BlazePose needs [{string.Join(",", shape)}] (NHWC)");
        }
    }

    private static int RequireOutput(BoundTensorModel model, long[] shape, string role)
    {
        int index = model.FindOutput(shape);
        if (index < 0)
        {
            throw new InvalidDataException(
                $"model {model.ModelPath} has no {role} output of shape [{string.Join(",", shape)}] (it has: {string.Join(", ", model.OutputShapes.Select(s => "[" + string.Join(",", s) + "]"))})");
        }

        return index;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _landmarks.Dispose();
        _detector.Dispose();
    }
}
