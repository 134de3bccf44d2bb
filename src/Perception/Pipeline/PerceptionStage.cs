using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// Perception as the compute thread runs it: the frame's keypoints from a pose inference (on board,
/// or the site edge server with the on-board fallback), then, when a solver is configured, the
/// target's 3D pose from them (<c>tracking.solvePose</c>). Each step keeps its own time in
/// <see cref="PerceptionTimings"/>: the solve is <see cref="PerceptionTimings.PoseSolveNs"/>, never
/// billed as decoding. Compute thread only; real-time safe when the inference is.
/// </summary>
public sealed class PerceptionStage : IPoseInference
{
    private readonly IPoseInference _inference;
    private readonly ITargetPoseSolver? _poseSolver;

    /// <summary>Runs <paramref name="inference"/>, then <paramref name="poseSolver"/> on its keypoints when given. Owns neither.</summary>
    public PerceptionStage(IPoseInference inference, ITargetPoseSolver? poseSolver)
    {
        _inference = inference;
        _poseSolver = poseSolver;
    }

    /// <summary>The inference that finds the keypoints.</summary>
    public IPoseInference Inference => _inference;

    /// <summary>The 3D pose solver, or null when the pose is not solved.</summary>
    public ITargetPoseSolver? PoseSolver => _poseSolver;

    /// <inheritdoc />
    public float MinConfidence => _inference.MinConfidence;

    /// <summary>
    /// Infers the keypoints in <paramref name="frame"/> (the caller keeps ownership) and solves the
    /// target's pose from them when a solver is configured; <c>estimate.Target.Valid</c> says whether
    /// a pose was solved. Real-time safe when the inference is.
    /// </summary>
    public void Estimate(Frame frame, ref PoseEstimate estimate, ref PerceptionTimings timings)
    {
        _inference.Estimate(frame, ref estimate, ref timings);
        if (_poseSolver is null)
        {
            timings.PoseSolveNs = 0;
            return;
        }

        long start = MonotonicClock.GetTimestampNs();
        _poseSolver.TrySolve(estimate.Keypoints, estimate.KeypointCount, _inference.MinConfidence, ref estimate.Target);
        timings.PoseSolveNs = MonotonicClock.GetTimestampNs() - start;
    }
}
