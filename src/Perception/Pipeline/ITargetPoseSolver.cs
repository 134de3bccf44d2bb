using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Pipeline;

/// <summary>
/// Solves the target's 3D pose in the camera frame from one frame's 2D keypoints and the target's
/// known geometry (the adapter is PnP on OpenCV, <c>RobotEdge.Vision.Geometry.TargetPoseSolver</c>).
/// Called from the compute thread only, after inference; one instance per perception thread.
/// </summary>
public interface ITargetPoseSolver
{
    /// <summary>
    /// Solves the pose from the first <paramref name="keypointCount"/> entries of
    /// <paramref name="keypoints"/> (frame pixels, model card order), ignoring those below
    /// <paramref name="minConfidence"/>; writes <paramref name="pose"/> (metres, camera optical frame)
    /// and returns true, or sets <c>pose.Valid</c> false and returns false when too few keypoints were
    /// found. Real-time safe: no managed allocation, no lock.
    /// </summary>
    bool TrySolve(in KeypointSet keypoints, int keypointCount, float minConfidence, ref TargetPose pose);
}
