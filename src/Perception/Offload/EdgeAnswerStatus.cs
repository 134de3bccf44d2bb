namespace RobotEdge.Perception.Offload;

/// <summary>What became of one edge request.</summary>
public enum EdgeAnswerStatus
{
    /// <summary>A pose arrived in time.</summary>
    Pose,

    /// <summary>The server rejected it (deadline, queue, fairness, invalid).</summary>
    Rejected,

    /// <summary>No answer before the robot had to move on.</summary>
    Timeout,

    /// <summary>The connection was lost (or never there) before an answer came.</summary>
    Disconnected,
}
