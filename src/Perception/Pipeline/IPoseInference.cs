using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// Where the compute thread gets a frame's pose: the on-board model (<see cref="PoseEstimator"/>)
/// or the site edge server with an on-board fallback (<see cref="Offload.OffloadingPoseEstimator"/>).
/// Called from the compute thread only.
/// </summary>
public interface IPoseInference
{
    /// <summary>Keypoints below this confidence count as not found.</summary>
    float MinConfidence { get; }

    /// <summary>
    /// Infers the pose in <paramref name="frame"/> (the caller keeps ownership of the frame), filling
    /// <paramref name="estimate"/> and <paramref name="timings"/>, before the frame's deadline.
    /// </summary>
    void Estimate(Frame frame, ref PoseEstimate estimate, ref PerceptionTimings timings);
}
