using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Preprocessing;
using RobotEdge.Perception.Tracking;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// The perception stage for one camera: preprocess a frame straight into the model's input
/// tensor, run the model, decode keypoints. Owns its model. Called from the compute thread only;
/// real-time safe in steady state (no allocation, no locks).
/// </summary>
public sealed class PoseEstimator : IPoseInference, IPersonList, IDisposable
{
    private readonly OnnxPoseModel _model;
    private readonly IFramePreprocessor _preprocessor;
    private readonly IPoseDecoder _decoder;
    private readonly PoseDetectionList _detections;
    private readonly MultiTargetTracker? _tracker;
    private FrameStamp _lastStamp;

    /// <summary>Prepares the stage for frames of the given size with the managed preprocessing; the model is owned and disposed.</summary>
    /// <param name="model">The model (owned).</param>
    /// <param name="frameWidth">Frame width, pixels.</param>
    /// <param name="frameHeight">Frame height, pixels.</param>
    /// <param name="tracker">See <see cref="Tracker"/>; null reports the best-scored detection.</param>
    public PoseEstimator(OnnxPoseModel model, int frameWidth, int frameHeight, MultiTargetTracker? tracker = null)
        : this(model, new FramePreprocessor(model.Card.Input, frameWidth, frameHeight), tracker)
    {
    }

    /// <summary>Prepares the stage with a given preprocessing (built for the model's input); the model is owned and disposed.</summary>
    /// <param name="model">The model (owned).</param>
    /// <param name="preprocessor">Writes frames into the model's input tensor.</param>
    /// <param name="tracker">See <see cref="Tracker"/>; null reports the best-scored detection.</param>
    public PoseEstimator(OnnxPoseModel model, IFramePreprocessor preprocessor, MultiTargetTracker? tracker = null)
    {
        _model = model;
        _preprocessor = preprocessor;
        _tracker = tracker;
        if (preprocessor.TensorLength != model.InputTensor.Length)
        {
            throw new ArgumentException($"the preprocessing writes {preprocessor.TensorLength} floats, the model's input holds {model.InputTensor.Length}");
        }

        _preprocessor.WriteBorder(model.InputTensor);
        _decoder = PoseDecoderFactory.Create(model.Card, model.OutputShape, model.SecondaryOutputShape, _preprocessor.Geometry);
        _detections = new PoseDetectionList(_decoder.MaxDetections);
    }

    /// <summary>Every target the last <see cref="Estimate"/> found, best first (for trackers of several targets).</summary>
    public PoseDetectionList Detections => _detections;

    /// <summary>
    /// The tracker that picks the target reported in <see cref="PoseEstimate"/> (its longest-followed
    /// live track, smoothed), or null: then the best-scored detection is reported as decoded.
    /// Given at construction; owned by the caller.
    /// </summary>
    public MultiTargetTracker? Tracker => _tracker;

    /// <summary>The preprocessing in use.</summary>
    public IFramePreprocessor Preprocessor => _preprocessor;

    /// <summary>The decoder the model card chose.</summary>
    public IPoseDecoder Decoder => _decoder;

    /// <summary>The model this stage runs.</summary>
    public OnnxPoseModel Model => _model;

    /// <summary>Where frames land in the model's input.</summary>
    public LetterboxGeometry Geometry => _preprocessor.Geometry;

    /// <summary>Keypoints below this confidence count as not found.</summary>
    public float MinConfidence => _model.Card.Output.MinConfidence;

    /// <summary>
    /// Infers the pose in <paramref name="frame"/> (the caller keeps ownership of the frame) and
    /// fills <paramref name="estimate"/> (with the best-scored target; all of them are in
    /// <see cref="Detections"/>) and <paramref name="timings"/>.
    /// </summary>
    public void Estimate(Frame frame, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        Preprocess(frame, ref timings);
        InferPreprocessed(frame.Stamp, ref estimate, ref timings);
    }

    /// <summary>
    /// First half of <see cref="Estimate"/>: writes <paramref name="frame"/> into the model's input
    /// tensor (<see cref="OnnxPoseModel.InputTensor"/>), which the edge offload also sends. Real-time safe.
    /// </summary>
    public void Preprocess(Frame frame, ref PerceptionTimings timings)
    {
        long t0 = MonotonicClock.GetTimestampNs();
        _preprocessor.Run(frame.Pixels, frame.StrideBytes, _model.InputTensor);
        timings.PreprocessNs = MonotonicClock.GetTimestampNs() - t0;
    }

    /// <summary>
    /// Second half of <see cref="Estimate"/>: runs the model on the tensor <see cref="Preprocess"/>
    /// wrote and decodes the keypoints of the frame stamped <paramref name="stamp"/>. Real-time safe.
    /// </summary>
    public void InferPreprocessed(FrameStamp stamp, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        long t1 = MonotonicClock.GetTimestampNs();
        _model.Run();
        long t2 = MonotonicClock.GetTimestampNs();
        _decoder.Decode(_model.OutputTensor, _model.SecondaryOutputTensor, _detections);
        long t3 = MonotonicClock.GetTimestampNs();
        estimate.TrackId = 0;
        if (_tracker is not null)
        {
            _tracker.Update(_detections, stamp.CaptureNs);
            TrackedTarget? primary = _tracker.Primary;
            estimate.Keypoints = primary is null ? default : primary.Keypoints;
            estimate.TrackId = primary?.Id ?? 0;
        }
        else
        {
            estimate.Keypoints = _detections.Count > 0 ? _detections[0].Keypoints : default;
        }

        estimate.Target.Valid = false;
        estimate.TargetsInView = PersonCount;
        _lastStamp = stamp;
        estimate.Stamp = stamp;
        estimate.KeypointCount = _decoder.KeypointCount;
        estimate.InferredRealNs = t3;
        timings.InferenceNs = t2 - t1;
        timings.DecodeNs = t3 - t2;
    }

    /// <summary>
    /// People of the last frame: with a tracker, its tracks matched in that frame (smoothed, with
    /// their identities); without one, the decoded detections, best first (identity 0).
    /// </summary>
    public int PersonCount
    {
        get
        {
            if (_tracker is null)
            {
                return _detections.Count;
            }

            int seen = 0;
            foreach (TrackedTarget t in _tracker.Slots)
            {
                seen += t.Active && t.Misses == 0 ? 1 : 0;
            }

            return seen;
        }
    }

    /// <inheritdoc />
    public void GetPerson(int index, ref PoseEstimate person)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        person.Stamp = _lastStamp;
        person.KeypointCount = _decoder.KeypointCount;
        person.Target.Valid = false;
        person.WorldLandmarkCount = 0;
        if (_tracker is null)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _detections.Count);
            person.Keypoints = _detections[index].Keypoints;
            person.TrackId = 0;
            return;
        }

        int seen = 0;
        foreach (TrackedTarget t in _tracker.Slots)
        {
            if (t.Active && t.Misses == 0 && seen++ == index)
            {
                person.Keypoints = t.Keypoints;
                person.TrackId = t.Id;
                return;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, $"the last frame has {seen} people");
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
