namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// The model's execution time per batch size: a window of the most recent measurements for each
/// size, and a prediction that is a high percentile of those measured within the last
/// <see cref="HorizonNs"/> (p99 by default; over a full 256-sample window that is the third
/// slowest run, so one descheduled run does not set the prediction, while a slow phase that lasts
/// does).
/// <para>Why a horizon: a scheduler that rejects what its prediction says cannot finish in time
/// learns nothing from the work it rejects. One run slowed past the deadline budget (a pause of the
/// whole process, say) would otherwise keep the prediction there for good, and every request after
/// it would be rejected without ever being tried. Measurements older than the horizon stop counting
/// (see <see cref="Expire"/>); when none is left for a size, the prediction falls back to the median
/// of its whole window, the typical run, so work runs again and is measured afresh.</para>
/// <para>A size never measured is predicted from the nearest measured smaller size, scaled
/// linearly, or from <see cref="InitialPerItemNs"/> when nothing is measured yet; the server
/// measures every size at start-up, so this only matters before then. Measured sizes are never
/// capped by scaling smaller ones: on a CPU a batch can cost more per item than single runs (this
/// project's build machine: 0.42 ms for one item, 9.7 ms for eight), and the scheduler must see
/// that to avoid batching there.</para>
/// Allocation-free after construction. Not thread-safe.
/// </summary>
public sealed class ExecutionProfile
{
    private readonly long[][] _windows;
    private readonly long[][] _recordedAtNs;
    private readonly int[] _counts;
    private readonly long[] _predictedNs;
    private readonly long[] _medianNs;

    /// <summary>Per size, the time of the oldest measurement the current prediction rests on (long.MaxValue: none).</summary>
    private readonly long[] _oldestUsedNs;
    private readonly long[] _scratch;
    private readonly double _percentile;

    /// <summary>Creates an empty profile for batch sizes 1..<paramref name="maxBatch"/>.</summary>
    /// <param name="maxBatch">Largest batch size, ≥ 1.</param>
    /// <param name="initialPerItemNs">Prediction per item before anything is measured, ns (&gt; 0).</param>
    /// <param name="window">Measurements kept per batch size, ≥ 1.</param>
    /// <param name="percentile">The percentile predicted, in (0, 1].</param>
    /// <param name="horizonNs">How long a measurement counts towards the prediction, ns (&gt; 0).</param>
    public ExecutionProfile(int maxBatch, long initialPerItemNs, int window = 256, double percentile = 0.99, long horizonNs = 1_000_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialPerItemNs, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizonNs, 0);
        if (percentile is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (0, 1]");
        }

        MaxBatch = maxBatch;
        InitialPerItemNs = initialPerItemNs;
        HorizonNs = horizonNs;
        _percentile = percentile;
        _windows = new long[maxBatch + 1][];
        _recordedAtNs = new long[maxBatch + 1][];
        for (int b = 1; b <= maxBatch; b++)
        {
            _windows[b] = new long[window];
            _recordedAtNs[b] = new long[window];
        }

        _counts = new int[maxBatch + 1];
        _predictedNs = new long[maxBatch + 1];
        _medianNs = new long[maxBatch + 1];
        _oldestUsedNs = new long[maxBatch + 1];
        Array.Fill(_oldestUsedNs, long.MaxValue);
        _scratch = new long[window];
    }

    /// <summary>Largest batch size.</summary>
    public int MaxBatch { get; }

    /// <summary>Prediction per item before any measurement, ns.</summary>
    public long InitialPerItemNs { get; }

    /// <summary>How long a measurement counts towards the prediction, ns.</summary>
    public long HorizonNs { get; }

    /// <summary>Measurements recorded so far for <paramref name="batchSize"/>.</summary>
    public int Samples(int batchSize) => _counts[batchSize];

    /// <summary>Adds one measured execution of a batch of <paramref name="batchSize"/>, ns, finished at <paramref name="nowNs"/>.</summary>
    public void Record(int batchSize, long executionNs, long nowNs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, MaxBatch);
        int slot = _counts[batchSize] % _windows[batchSize].Length;
        _windows[batchSize][slot] = Math.Max(0, executionNs);
        _recordedAtNs[batchSize][slot] = nowNs;
        _counts[batchSize]++;
        Recompute(batchSize, nowNs);
    }

    /// <summary>
    /// Drops measurements older than <see cref="HorizonNs"/> at <paramref name="nowNs"/> from the
    /// predictions. Cheap when nothing expired; the scheduler calls it before each decision.
    /// </summary>
    public void Expire(long nowNs)
    {
        long cutoff = nowNs - HorizonNs;
        for (int b = 1; b <= MaxBatch; b++)
        {
            if (_oldestUsedNs[b] < cutoff)
            {
                Recompute(b, nowNs);
            }
        }
    }

    /// <summary>Median and percentile of the measurements of <paramref name="batchSize"/> within the horizon at <paramref name="nowNs"/>.</summary>
    private void Recompute(int batchSize, long nowNs)
    {
        long[] window = _windows[batchSize], at = _recordedAtNs[batchSize];
        int kept = Math.Min(_counts[batchSize], window.Length);
        long cutoff = nowNs - HorizonNs;
        int n = 0;
        long oldest = long.MaxValue;
        for (int i = 0; i < kept; i++)
        {
            if (at[i] >= cutoff)
            {
                _scratch[n++] = window[i];
                oldest = Math.Min(oldest, at[i]);
            }
        }

        if (n == 0)
        {
            // Nothing recent: predict the typical run of the whole window, and stop checking until
            // a new measurement arrives.
            Array.Copy(window, _scratch, kept);
            Array.Sort(_scratch, 0, kept);
            _medianNs[batchSize] = _predictedNs[batchSize] = _scratch[(kept - 1) / 2];
            _oldestUsedNs[batchSize] = long.MaxValue;
            return;
        }

        Array.Sort(_scratch, 0, n);
        int index = Math.Clamp((int)Math.Ceiling(_percentile * n) - 1, 0, n - 1);
        _predictedNs[batchSize] = _scratch[index];
        _medianNs[batchSize] = _scratch[(n - 1) / 2];
        _oldestUsedNs[batchSize] = oldest;
    }

    /// <summary>
    /// Typical (median) execution time of a batch of <paramref name="batchSize"/>, ns: what the
    /// choice between batch sizes compares. Tails are for deadlines; comparing the tail of a size
    /// that runs all the time with the few samples of one that rarely runs would favour the rare one.
    /// </summary>
    public long TypicalNs(int batchSize)
    {
        if (_counts[batchSize] > 0)
        {
            return _medianNs[batchSize];
        }

        for (int k = batchSize - 1; k >= 1; k--)
        {
            if (_counts[k] > 0)
            {
                return _medianNs[k] * batchSize / k;
            }
        }

        return InitialPerItemNs * batchSize;
    }

    /// <summary>Predicted (high-percentile) execution time of a batch of <paramref name="batchSize"/>, ns.</summary>
    public long PredictNs(int batchSize)
    {
        if (_counts[batchSize] > 0)
        {
            return _predictedNs[batchSize];
        }

        for (int k = batchSize - 1; k >= 1; k--)
        {
            if (_counts[k] > 0)
            {
                return _predictedNs[k] * batchSize / k;
            }
        }

        return InitialPerItemNs * batchSize;
    }
}
