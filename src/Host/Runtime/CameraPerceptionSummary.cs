namespace RobotEdge.Host.Runtime;

/// <summary>What a <see cref="CameraPerceptionRunner"/> run measured.</summary>
public sealed record CameraPerceptionSummary
{
    /// <summary>Frames processed.</summary>
    public required long Frames { get; init; }

    /// <summary>Processed frames per second of wall time.</summary>
    public required double FramesPerSecond { get; init; }

    /// <summary>Capture stamp → keypoints (and pose) ready, median, ms.</summary>
    public required double CaptureToPoseP50Ms { get; init; }

    /// <summary>Capture stamp → keypoints (and pose) ready, 99th percentile, ms.</summary>
    public required double CaptureToPoseP99Ms { get; init; }

    /// <summary>Perception per frame (inference, decoding, tracking, pose solve; not capture), median, ms.</summary>
    public required double PerceptionP50Ms { get; init; }

    /// <summary>Perception per frame, 99th percentile, ms.</summary>
    public required double PerceptionP99Ms { get; init; }

    /// <summary>Mean number of people (targets) found per frame.</summary>
    public required double MeanPeople { get; init; }

    /// <summary>Most people found in one frame.</summary>
    public required int MaxPeople { get; init; }

    /// <summary>Frames by the number of people found in them: element n counts the frames with n people (up to <see cref="MaxPeople"/>).</summary>
    public required long[] FramesByPeopleCount { get; init; }

    /// <summary>Frames whose target pose (PnP) was solved.</summary>
    public required long PosesSolved { get; init; }

    /// <summary>Mean solved target position in the camera frame (x, y, z), metres; zeros when none.</summary>
    public required double[] MeanTargetPositionM { get; init; }

    /// <summary>How often the followed target's identity changed between consecutive frames.</summary>
    public required long TrackIdChanges { get; init; }

    /// <summary>The frame source (kind, backend and location).</summary>
    public required string Source { get; init; }

    /// <summary>The decoder the model card chose.</summary>
    public required string Decoder { get; init; }

    /// <summary>The execution provider that ran the model.</summary>
    public required string Provider { get; init; }
}
