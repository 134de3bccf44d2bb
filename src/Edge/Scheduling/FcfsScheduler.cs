namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// The baseline: first come, first served, one request per run, deadlines ignored — late work
/// runs anyway, as in a server whose queue only bounds waiting. The one limit it shares with
/// <see cref="DeadlineScheduler"/> is the queue cap (a newcomer to a full queue is refused).
/// Allocation-free in steady state. Not thread-safe.
/// </summary>
public sealed class FcfsScheduler : IInferenceScheduler
{
    private readonly InferenceItem[] _ring;
    private int _head, _count;

    /// <summary>Creates the scheduler.</summary>
    public FcfsScheduler(SchedulerOptions options)
    {
        _ring = new InferenceItem[options.QueueCap];
        Profile = new ExecutionProfile(1, options.InitialPerItemNs);
    }

    /// <inheritdoc />
    public string Name => "fcfs";

    /// <inheritdoc />
    public int QueueLength => _count;

    /// <inheritdoc />
    public ExecutionProfile Profile { get; }

    /// <summary>The baseline keeps no rates: every request joins the queue while there is room.</summary>
    public void DeclareFrameRate(int robot, double frameRateHz)
    {
    }

    /// <inheritdoc />
    public void Submit(in InferenceItem item, long nowNs, List<Rejection> rejected)
    {
        if (_count == _ring.Length)
        {
            rejected.Add(new Rejection(item, RejectionReason.QueueFull));
            return;
        }

        _ring[(_head + _count) % _ring.Length] = item;
        _count++;
    }

    /// <inheritdoc />
    public void TakeBatch(long nowNs, List<InferenceItem> batch, List<Rejection> rejected)
    {
        if (_count == 0)
        {
            return;
        }

        batch.Add(_ring[_head]);
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
    }

    /// <inheritdoc />
    public void Complete(int batchSize, long executionNs, long nowNs) => Profile.Record(1, executionNs, nowNs);
}
