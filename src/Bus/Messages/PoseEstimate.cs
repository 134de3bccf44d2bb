namespace RobotEdge.Bus.Messages;

/// <summary>
/// Perception's output for one frame: the keypoints of the tracked target, in frame pixels.
/// An unmanaged struct, passed by value through a <see cref="Concurrency.LatestMailbox{T}"/>.
/// </summary>
public struct PoseEstimate
{
    /// <summary>The frame this estimate was inferred from.</summary>
    public FrameStamp Stamp;

    /// <summary>Number of valid entries in <see cref="Keypoints"/>.</summary>
    public int KeypointCount;

    /// <summary>Keypoints, in the order of the model card's keypoint names.</summary>
    public KeypointSet Keypoints;

    /// <summary>Real monotonic time at which perception finished this frame, in nanoseconds.</summary>
    public long InferredRealNs;

    /// <summary>Identity of the tracked target these keypoints belong to (0 when no tracker runs).</summary>
    public int TrackId;

    /// <summary>The target's 3D pose and its covariance, when a pose solver ran (<see cref="TargetPose.Valid"/>).</summary>
    public TargetPose Target;

    /// <summary>
    /// Number of valid entries in <see cref="WorldLandmarks"/>: the keypoint count when the model
    /// reports metric landmarks (BlazePose), otherwise 0.
    /// </summary>
    public int WorldLandmarkCount;

    /// <summary>The keypoints in metres, in the same order (see <see cref="WorldLandmark"/> for the frame).</summary>
    public WorldLandmarkSet WorldLandmarks;

    /// <summary>People (targets) the model found in this frame, the reported one included; 0 when none.</summary>
    public int TargetsInView;
}
