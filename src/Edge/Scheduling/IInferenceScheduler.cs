namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// Decides which requests the one inference executor runs next, in batches, and which it gives
/// back. Two implementations: <see cref="DeadlineScheduler"/> (latest-start-time ordering, deadline-
/// feasible batches, early rejection, fair shedding) and <see cref="FcfsScheduler"/> (the
/// first-come-first-served, batch-of-one baseline). Pure: time is passed in, so a test drives it
/// with a simulated clock and gets the same answer every time. Not thread-safe: the caller
/// serialises calls (the server holds one lock around them).
/// </summary>
public interface IInferenceScheduler
{
    /// <summary>Short name for reports (<c>deadline</c>, <c>fcfs</c>).</summary>
    string Name { get; }

    /// <summary>Requests waiting.</summary>
    int QueueLength { get; }

    /// <summary>The execution-time profile the scheduler predicts with.</summary>
    ExecutionProfile Profile { get; }

    /// <summary>
    /// Records the frame rate robot <paramref name="robot"/> declared in its hello, Hz (0: none
    /// declared; already checked with <see cref="FrameRateLimiter.Check"/>). Any thread.
    /// </summary>
    void DeclareFrameRate(int robot, double frameRateHz);

    /// <summary>
    /// Offers a request at <paramref name="nowNs"/>. Requests given back (this one or others it
    /// displaced) are appended to <paramref name="rejected"/>.
    /// </summary>
    void Submit(in InferenceItem item, long nowNs, List<Rejection> rejected);

    /// <summary>
    /// Called when the executor is free at <paramref name="nowNs"/>: appends the next batch to
    /// <paramref name="batch"/> (nothing when there is no work) and any requests that can no longer
    /// make their deadline to <paramref name="rejected"/>. The executor runs the batch at once.
    /// </summary>
    void TakeBatch(long nowNs, List<InferenceItem> batch, List<Rejection> rejected);

    /// <summary>
    /// Reports how long a batch of <paramref name="batchSize"/> took, nanoseconds, from being taken
    /// to its last result leaving (input conversion, the model run, decoding), finished at
    /// <paramref name="nowNs"/>: the executor is free again.
    /// </summary>
    void Complete(int batchSize, long executionNs, long nowNs);
}
