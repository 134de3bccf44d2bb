namespace RobotEdge.Edge.Scheduling;

/// <summary>
/// The model's execution time per batch size: a window of the most recent measurements for each
/// size, and from them a typical time (the median) and a prediction, a high percentile (p99 by
/// default; over a full 256-sample window that is the third slowest run, so one descheduled run
/// does not set the prediction, while a slow phase that lasts does).
/// <para>Which measurements count: those taken within the last <see cref="HorizonNs"/>; when they
/// are fewer than <see cref="MinSamples"/>, the median of the whole window stands in for the
/// missing ones. Why a horizon: a
/// scheduler that rejects what its prediction says cannot finish in time learns nothing from the
/// work it rejects, so one run slowed past the deadline budget (a pause of the whole process, say)
/// would otherwise keep the prediction there until hundreds of runs had pushed it out. Why a
/// floor: with the horizon alone, the first run after an idle second — run cold, 45-190 ms
/// measured, on a fresh server or after a quiet spell — was the only measurement inside the
/// horizon, became both the typical and the predicted time, and the next 30-50 frames were
/// rejected on arrival as unreachable.</para>
/// <para>Why never the single slowest: a p99 taken over fewer than 100 measurements is their
/// maximum, which one outlier sets. The prediction is the percentile's rank, but never above the
/// second slowest (from 100 measurements on, the rank is below it anyway); a slow phase shows in
/// two runs at least.</para>
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

    /// <summary>Per size, the time of the oldest measurement within the horizon that the prediction rests on (long.MaxValue: none).</summary>
    private readonly long[] _oldestUsedNs;
    private readonly long[] _scratch;

    /// <summary>The whole window, sorted, when its median pads too few recent measurements.</summary>
    private readonly long[] _windowScratch;
    private readonly double _percentile;

    /// <summary>Creates an empty profile for batch sizes 1..<paramref name="maxBatch"/>.</summary>
    /// <param name="maxBatch">Largest batch size, ≥ 1.</param>
    /// <param name="initialPerItemNs">Prediction per item before anything is measured, ns (&gt; 0).</param>
    /// <param name="window">Measurements kept per batch size, ≥ 1.</param>
    /// <param name="percentile">The percentile predicted, in (0, 1].</param>
    /// <param name="horizonNs">How long a measurement counts towards the prediction, ns (&gt; 0).</param>
    /// <param name="minSamples">Measurements the prediction rests on at least (recent ones, padded with the window's median), ≥ 1.</param>
    public ExecutionProfile(int maxBatch, long initialPerItemNs, int window = 256, double percentile = 0.99, long horizonNs = 1_000_000_000, int minSamples = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initialPerItemNs, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizonNs, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSamples, 1);
        if (percentile is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "must be in (0, 1]");
        }

        MaxBatch = maxBatch;
        InitialPerItemNs = initialPerItemNs;
        HorizonNs = horizonNs;
        MinSamples = minSamples;
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
        _scratch = new long[Math.Max(window, minSamples)];
        _windowScratch = new long[window];
    }

    /// <summary>Largest batch size.</summary>
    public int MaxBatch { get; }

    /// <summary>Prediction per item before any measurement, ns.</summary>
    public long InitialPerItemNs { get; }

    /// <summary>How long a measurement counts towards the prediction, ns.</summary>
    public long HorizonNs { get; }

    /// <summary>Measurements the prediction rests on at least: recent ones, padded with the window's median.</summary>
    public int MinSamples { get; }

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

    /// <summary>
    /// Median and prediction of the measurements of <paramref name="batchSize"/> that count at
    /// <paramref name="nowNs"/>: those within the horizon, padded to <see cref="MinSamples"/> with
    /// the median of the whole window.
    /// </summary>
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

        if (n < MinSamples)
        {
            // Too few recent runs to stand alone: the rest of the floor is the typical run of the
            // whole window, the long-run belief that one cold or stalled run must not overturn.
            Array.Copy(window, _windowScratch, kept);
            Array.Sort(_windowScratch, 0, kept);
            long typicalOfWindow = _windowScratch[(kept - 1) / 2];
            while (n < MinSamples)
            {
                _scratch[n++] = typicalOfWindow;
            }
        }

        Array.Sort(_scratch, 0, n);
        int index = Math.Clamp((int)Math.Ceiling(_percentile * n) - 1, 0, n - 1);
        // Never the single slowest: one outlier must not set the prediction (see the class remarks).
        index = Math.Min(index, n - 2);
        _predictedNs[batchSize] = _scratch[Math.Max(0, index)];
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
