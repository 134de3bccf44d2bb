using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Tracking;

namespace RobotEdge.Perception.BlazePose;

/// <summary>
/// One person the BlazePose pipeline follows: the region to look at next frame, the last result,
/// and the One-Euro filters of its keypoints. Slots are allocated once and reused; only those with
/// <see cref="Active"/> hold a person. Perception thread only.
/// </summary>
internal sealed class PersonTrack
{
    public PersonTrack(double minCutoffHz, double beta, float minConfidence)
    {
        Smoother = new KeypointSmoother(minCutoffHz, beta, minConfidence);
    }

    /// <summary>Whether this slot follows a person.</summary>
    public bool Active;

    /// <summary>The person's identity, unique for the estimator's lifetime (1, 2, …).</summary>
    public int Id;

    /// <summary>Frames this person has been followed (1 on the frame it was found).</summary>
    public int Frames;

    /// <summary>Where the landmark model looked this frame (frame pixels).</summary>
    public PoseRegion Region;

    /// <summary>Where it will look next frame: derived from this frame's auxiliary landmarks.</summary>
    public PoseRegion NextRegion;

    /// <summary>The landmark model's pose-presence score this frame, [0, 1].</summary>
    public float Presence;

    /// <summary>This frame's result: smoothed keypoints, world landmarks, <see cref="Id"/> as the track.</summary>
    public PoseEstimate Estimate;

    /// <summary>One-Euro filters of the keypoints (restarted when a new person takes the slot).</summary>
    public KeypointSmoother Smoother { get; }

    /// <summary>Starts following a new person in <paramref name="region"/>.</summary>
    public void Start(int id, in PoseRegion region)
    {
        Active = true;
        Id = id;
        Frames = 0;
        NextRegion = region;
        Presence = 0;
        Estimate = default;
        Smoother.Reset();
    }
}
