namespace RobotEdge.Host.Benchmarks;

/// <summary>One policy at one robot count: the figures of <c>robotedge bench edge</c>.</summary>
public sealed class EdgeBenchPoint
{
    /// <summary>Robots sending at 30 Hz.</summary>
    public int Robots { get; init; }

    /// <summary>Frames answered with a pose by the edge before the robot's edge deadline, over all frames sent.</summary>
    public double HitRate { get; init; }

    /// <summary>Capture → pose received, for answered frames, median, ms; null when no frame was answered.</summary>
    public double? P50Ms { get; init; }

    /// <summary>Capture → pose received, for answered frames, 99th percentile, ms; null when no frame was answered.</summary>
    public double? P99Ms { get; init; }

    /// <summary>Mean batch size the server ran.</summary>
    public double MeanBatch { get; init; }

    /// <summary>Frames the server rejected (deadline, queue cap, fair share, superseded).</summary>
    public long Rejected { get; init; }

    /// <summary>Of the server's rejections in the measured window: deadline unreachable.</summary>
    public long RejectedDeadline { get; init; }

    /// <summary>Of the server's rejections in the measured window: the robot's fair share of misses under overload.</summary>
    public long RejectedFairShare { get; init; }

    /// <summary>Of the server's rejections in the measured window: a newer frame of the same robot replaced it.</summary>
    public long RejectedSuperseded { get; init; }

    /// <summary>Of the server's rejections in the measured window: the queue was full.</summary>
    public long RejectedQueueFull { get; init; }

    /// <summary>The server's service time for a batch of one at the end of the point, ms: typical (median) of its profile.</summary>
    public double ServiceTypicalMs { get; init; }

    /// <summary>The same, predicted (the profile's high percentile, what deadlines are checked against).</summary>
    public double ServicePredictedMs { get; init; }

    /// <summary>Garbage collections of generation 2 in the measured window (robots and server share the process).</summary>
    public int Gen2Collections { get; init; }

    /// <summary>Time the process was paused for garbage collection in the measured window, ms.</summary>
    public double GcPauseMs { get; init; }

    /// <summary>
    /// Largest error of a robot's clock-offset estimate at the end of the point, ms. Robots and
    /// server share this process's clock, so the true offset is 0 and the estimate is its own error.
    /// </summary>
    public double MaxClockOffsetErrorMs { get; init; }

    /// <summary>Frames the robots served on board instead (rejected, timed out, or no connection).</summary>
    public long Fallbacks { get; init; }

    /// <summary>Frames sent in the measured window.</summary>
    public long Frames { get; init; }

    /// <summary>Results that left the server after their deadline (late work).</summary>
    public long LateCompletions { get; init; }
}
