namespace RobotEdge.Perception.Offload;

/// <summary>Where one frame's pose comes from.</summary>
public enum OffloadRoute
{
    /// <summary>The robot's own model only.</summary>
    OnBoard,

    /// <summary>The edge server; the robot's model only if the edge fails (reject, timeout, disconnect).</summary>
    Edge,

    /// <summary>Both at once; the first valid answer inside the deadline wins.</summary>
    Hedged,
}
