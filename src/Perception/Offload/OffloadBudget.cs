namespace RobotEdge.Perception.Offload;

/// <summary>
/// The frame's time budget as the offloading estimator sees it, ms: the end-to-end deadline
/// (capture → first command) less what must still happen after perception (planning and the wait
/// for the control tick). Perception — edge answer or on-board fallback — must be done by then.
/// </summary>
public sealed class OffloadBudget
{
    /// <summary>Capture → first actuator command, ms.</summary>
    public double EndToEndMs { get; init; } = 50;

    /// <summary>Time kept for planning and the control tick after perception, ms.</summary>
    public double AfterPerceptionMs { get; init; } = 3;

    /// <summary>
    /// Safety factor on the measured on-board p99 when deciding how long the edge may take: the
    /// fallback must still fit if this frame's on-board run is slower than the recent ones.
    /// </summary>
    public double OnBoardSafetyFactor { get; init; } = 2.0;

    /// <summary>Extra margin for thread wake-up and scheduling jitter, ms.</summary>
    public double MarginMs { get; init; } = 5;
}
