using RobotEdge.Bus.Messages;

namespace RobotEdge.Perception.Offload;

/// <summary>The newest edge answer, filled by the receive thread and read by the compute thread.</summary>
public struct EdgeAnswer
{
    /// <summary>The frame sequence it answers.</summary>
    public long Sequence;

    /// <summary>Pose or rejection.</summary>
    public EdgeAnswerStatus Status;

    /// <summary>The server's rejection reason (protocol enum value) when rejected.</summary>
    public int RejectReason;

    /// <summary>Keypoints in frame pixels.</summary>
    public KeypointSet Keypoints;

    /// <summary>Valid entries in <see cref="Keypoints"/>.</summary>
    public int KeypointCount;

    /// <summary>Robot real time the answer arrived, ns.</summary>
    public long ArrivedNs;

    /// <summary>Size of the batch the server ran it in.</summary>
    public int BatchSize;
}
