namespace RobotEdge.Edge.Serving;

/// <summary>Server counters, updated with interlocked operations from any thread; read for status and benchmarks.</summary>
public sealed class EdgeStatistics
{
    internal long _requests, _served, _rejectedDeadline, _rejectedQueueFull, _rejectedSuperseded, _rejectedFairShare, _rejectedInvalid;
    internal long _batches, _batchedItems, _lateCompletions, _malformedMessages, _refusedConnections, _droppedSends;
    internal long _rejectedInfeasible, _keepWarmRuns;

    /// <summary>Inference requests received.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests run and answered with a pose.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Rejected: could not meet the deadline (admitted, then shed as the work ahead grew).</summary>
    public long RejectedDeadline => Interlocked.Read(ref _rejectedDeadline);

    /// <summary>
    /// Rejected on arrival: the deadline left less than one typical run (or had passed). The
    /// robot's doing: nobody's miss, no overload. On the wire these are "deadline unreachable" too.
    /// </summary>
    public long RejectedInfeasible => Interlocked.Read(ref _rejectedInfeasible);

    /// <summary>Rejected: queue at its cap.</summary>
    public long RejectedQueueFull => Interlocked.Read(ref _rejectedQueueFull);

    /// <summary>Replaced by a newer frame of the same robot.</summary>
    public long RejectedSuperseded => Interlocked.Read(ref _rejectedSuperseded);

    /// <summary>Rejected under overload to share misses fairly.</summary>
    public long RejectedFairShare => Interlocked.Read(ref _rejectedFairShare);

    /// <summary>Requests refused as invalid (wrong robot id, bad tensor, no hello, a deadline too far ahead).</summary>
    public long RejectedInvalid => Interlocked.Read(ref _rejectedInvalid);

    /// <summary>All rejections.</summary>
    public long Rejected => RejectedDeadline + RejectedInfeasible + RejectedQueueFull + RejectedSuperseded + RejectedFairShare + RejectedInvalid;

    /// <summary>Runs of the model on the idle executor to keep it and its profile warm.</summary>
    public long KeepWarmRuns => Interlocked.Read(ref _keepWarmRuns);

    /// <summary>Batches run.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Items in those batches.</summary>
    public long BatchedItems => Interlocked.Read(ref _batchedItems);

    /// <summary>Results that left the server after their deadline (a prediction that was too optimistic, or the baseline's late work).</summary>
    public long LateCompletions => Interlocked.Read(ref _lateCompletions);

    /// <summary>Wire messages refused as malformed or oversized.</summary>
    public long MalformedMessages => Interlocked.Read(ref _malformedMessages);

    /// <summary>Connections refused (missing, unknown or revoked token; bad hello).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>Messages to robots dropped because their send queue was full.</summary>
    public long DroppedSends => Interlocked.Read(ref _droppedSends);

    /// <summary>Mean batch size so far.</summary>
    public double MeanBatch => Batches == 0 ? 0 : (double)BatchedItems / Batches;
}
