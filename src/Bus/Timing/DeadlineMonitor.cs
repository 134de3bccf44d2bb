namespace RobotEdge.Bus.Timing;

/// <summary>
/// Counts, per stage, the samples over that stage's budget, and keeps each stage's latency
/// distribution. Owned by the telemetry thread (single-threaded); <see cref="Record"/> is
/// allocation-free.
/// </summary>
public sealed class DeadlineMonitor
{
    private static readonly int StageCount = Enum.GetValues<DeadlineStage>().Length;

    private readonly double[] _budgetMs = new double[StageCount];
    private readonly long[] _misses = new long[StageCount];
    private readonly LatencyRecorder[] _recorders = new LatencyRecorder[StageCount];

    /// <summary>Creates a monitor keeping up to <paramref name="capacity"/> samples per stage.</summary>
    public DeadlineMonitor(int capacity)
    {
        for (int i = 0; i < StageCount; i++)
        {
            _recorders[i] = new LatencyRecorder(capacity);
            _budgetMs[i] = double.PositiveInfinity;
        }
    }

    /// <summary>Sets the budget of <paramref name="stage"/>, milliseconds.</summary>
    public void SetBudget(DeadlineStage stage, double budgetMs) => _budgetMs[(int)stage] = budgetMs;

    /// <summary>The budget of <paramref name="stage"/>, milliseconds.</summary>
    public double Budget(DeadlineStage stage) => _budgetMs[(int)stage];

    /// <summary>Records one sample of <paramref name="stage"/>, milliseconds; returns whether it missed the budget.</summary>
    public bool Record(DeadlineStage stage, double latencyMs)
    {
        _recorders[(int)stage].Add(latencyMs);
        if (latencyMs > _budgetMs[(int)stage])
        {
            _misses[(int)stage]++;
            return true;
        }

        return false;
    }

    /// <summary>Samples of <paramref name="stage"/> over budget.</summary>
    public long Misses(DeadlineStage stage) => _misses[(int)stage];

    /// <summary>The latency distribution of <paramref name="stage"/>.</summary>
    public LatencyRecorder Latencies(DeadlineStage stage) => _recorders[(int)stage];
}
