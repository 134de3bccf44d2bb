namespace RobotEdge.Vision.Capture;

/// <summary>How a video file is replayed.</summary>
public enum ReplayPacing
{
    /// <summary>Each frame is delivered at its recorded presentation time after the first.</summary>
    RecordedRate,

    /// <summary>Frames are delivered as fast as they decode (benchmarks, batch evaluation).</summary>
    AsFastAsPossible,
}
