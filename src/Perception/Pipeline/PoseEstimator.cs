using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;
using RobotEdge.Perception.Inference;
using RobotEdge.Perception.Preprocessing;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// The perception stage for one camera: preprocess a frame straight into the model's input
/// tensor, run the model, decode keypoints. Owns its model. Called from the compute thread only;
/// real-time safe in steady state (no allocation, no locks).
/// </summary>
public sealed class PoseEstimator : IPoseInference, IDisposable
{
    private readonly OnnxPoseModel _model;
    private readonly FramePreprocessor _preprocessor;
    private readonly HeatmapDecoder _decoder;

    /// <summary>Prepares the stage for frames of the given size; the model is owned and disposed.</summary>
    public PoseEstimator(OnnxPoseModel model, int frameWidth, int frameHeight)
    {
        _model = model;
        _preprocessor = new FramePreprocessor(model.Card.Input, frameWidth, frameHeight);
        _preprocessor.WriteBorder(model.InputTensor);
        _decoder = new HeatmapDecoder(model.Card.Output, model.OutputShape, _preprocessor.Geometry);
    }

    /// <summary>The model this stage runs.</summary>
    public OnnxPoseModel Model => _model;

    /// <summary>Where frames land in the model's input.</summary>
    public LetterboxGeometry Geometry => _preprocessor.Geometry;

    /// <summary>Keypoints below this confidence count as not found.</summary>
    public float MinConfidence => _model.Card.Output.MinConfidence;

    /// <summary>
    /// Infers the pose in <paramref name="frame"/> (the caller keeps ownership of the frame) and
    /// fills <paramref name="estimate"/> and <paramref name="timings"/>.
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
        _decoder.Decode(_model.OutputTensor, ref estimate.Keypoints);
        long t3 = MonotonicClock.GetTimestampNs();

        estimate.Stamp = stamp;
        estimate.KeypointCount = _decoder.KeypointCount;
        estimate.InferredRealNs = t3;
        timings.InferenceNs = t2 - t1;
        timings.DecodeNs = t3 - t2;
    }

    /// <inheritdoc />
    public void Dispose() => _model.Dispose();
}
