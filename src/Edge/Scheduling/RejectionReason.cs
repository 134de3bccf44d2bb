namespace RobotEdge.Edge.Scheduling;

/// <summary>Why the scheduler gave a request back without running it.</summary>
public enum RejectionReason
{
    /// <summary>It cannot finish before its deadline, given the predicted execution time of the work ahead of it.</summary>
    DeadlineUnreachable = 1,

    /// <summary>The queue is at its cap.</summary>
    QueueFull = 2,

    /// <summary>A newer frame of the same robot replaced it (the robot no longer waits for this one).</summary>
    Superseded = 3,

    /// <summary>Under overload, the robot had missed fewer requests than its fair share (see <see cref="DeadlineScheduler"/>).</summary>
    FairShare = 4,

    /// <summary>
    /// Its deadline left less than one typical run when it arrived (or had already passed): even an
    /// idle server could not have served it. The robot's doing, so it is nobody's miss (on the wire:
    /// deadline unreachable).
    /// </summary>
    InfeasibleOnArrival = 5,
}
