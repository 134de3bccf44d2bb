using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Decoding;

namespace RobotEdge.Perception.Tracking;

/// <summary>
/// One slot of a <see cref="MultiTargetTracker"/>: a target's identity, its smoothed keypoints and
/// its image motion. Owned and written by the tracker on the perception thread; read there too.
/// </summary>
public sealed class TrackedTarget
{
    internal TrackedTarget(double minCutoffHz, double beta, float minConfidence)
    {
        Smoother = new KeypointSmoother(minCutoffHz, beta, minConfidence);
    }

    /// <summary>Identity, from 1, never reused by the tracker that assigned it.</summary>
    public int Id { get; internal set; }

    /// <summary>Whether the slot holds a live track.</summary>
    public bool Active { get; internal set; }

    /// <summary>The detection last matched to this track, as decoded (unsmoothed).</summary>
    public PoseDetection Detection;

    /// <summary>Keypoints after One-Euro smoothing, frame pixels.</summary>
    public KeypointSet Keypoints;

    /// <summary>Centroid of the confident keypoints (or of the box), frame pixels.</summary>
    public double CentreXPx { get; internal set; }

    /// <summary>Centroid y, frame pixels.</summary>
    public double CentreYPx { get; internal set; }

    /// <summary>Centroid velocity, pixels per second.</summary>
    public double VelocityXPxPerS { get; internal set; }

    /// <summary>Centroid velocity y, pixels per second.</summary>
    public double VelocityYPxPerS { get; internal set; }

    /// <summary>Time of the last matched detection, nanoseconds (the frame's capture clock).</summary>
    public long LastSeenNs { get; internal set; }

    /// <summary>Frames in a row without a matching detection.</summary>
    public int Misses { get; internal set; }

    /// <summary>Detections matched since the track started.</summary>
    public int Hits { get; internal set; }

    internal KeypointSmoother Smoother { get; }
}
