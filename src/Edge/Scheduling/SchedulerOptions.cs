namespace RobotEdge.Edge.Scheduling;

/// <summary>Limits shared by both scheduling policies.</summary>
public sealed class SchedulerOptions
{
    /// <summary>Largest batch the executor runs (the model's batch dimension is symbolic).</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary>Requests that may wait at once; beyond it one is shed (<see cref="RejectionReason.QueueFull"/>).</summary>
    public int QueueCap { get; init; } = 64;

    /// <summary>Robots the server can hold (indices 0..RobotCapacity−1).</summary>
    public int RobotCapacity { get; init; } = 256;

    /// <summary>
    /// How long after a shed the server counts as overloaded, and how recently a robot must have
    /// submitted to count as active, for fair sharing of misses, ns. A few camera periods: under
    /// sustained overload a request is shed every period and the window stays open; a transient
    /// (one stalled run, a garbage collection) closes it soon after, so the robots that happened
    /// to miss in it are not "evened out" by refusing everyone else for long (with 1 s, a single
    /// stall cost 1-3% of all frames at loads the server otherwise met).
    /// </summary>
    public long OverloadWindowNs { get; init; } = 100_000_000;

    /// <summary>Execution-time prediction per item before anything is measured, ns.</summary>
    public long InitialPerItemNs { get; init; } = 5_000_000;

    /// <summary>
    /// Frame rate of a robot whose hello declares none, Hz: the cameras of this project's robots
    /// (robots/*/robot.json) run at 30 Hz.
    /// </summary>
    public double DefaultFrameRateHz { get; init; } = 30;

    /// <summary>
    /// Fraction above its declared rate a robot may send and still be within its rate (a camera
    /// clock a little fast, a rate rounded down).
    /// </summary>
    public double FrameRateSlack { get; init; } = 0.2;

    /// <summary>Requests of one robot that may arrive back to back within its rate (frames bunched by network jitter).</summary>
    public int FrameRateBurst { get; init; } = 3;
}
