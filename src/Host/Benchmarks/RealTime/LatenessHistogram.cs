namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// A wake-up lateness distribution (wake time minus due time) as cyclictest reports it: counts in
/// fixed buckets from under 50 µs to 20 ms and over, the quantiles, the largest, and how many woke
/// more than one period late (an overrun: the tick's slot has passed).
/// </summary>
public sealed record LatenessHistogram
{
    /// <summary>Upper bounds of the buckets, µs (the last bucket is everything from the last bound up).</summary>
    public static readonly long[] UpperBoundsUs = [50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000];

    /// <summary>Wake-ups counted.</summary>
    public long Count { get; init; }

    /// <summary>Per bucket, its label ("100-200 us") and count, in order.</summary>
    public IReadOnlyList<HistogramBucket> Buckets { get; init; } = [];

    /// <summary>Wake-ups more than one period late.</summary>
    public long LateOverPeriod { get; init; }

    /// <summary><see cref="LateOverPeriod"/> per 10,000 wake-ups (null when there were none).</summary>
    public double? LatePer10k { get; init; }

    /// <summary>Median lateness, µs.</summary>
    public double? P50Us { get; init; }

    /// <summary>99th percentile, µs.</summary>
    public double? P99Us { get; init; }

    /// <summary>99.9th percentile, µs.</summary>
    public double? P999Us { get; init; }

    /// <summary>Largest lateness, µs.</summary>
    public double? MaxUs { get; init; }

    /// <summary>Builds the histogram of <paramref name="latenessNs"/> against period <paramref name="periodNs"/>.</summary>
    public static LatenessHistogram Of(ReadOnlySpan<long> latenessNs, long periodNs)
    {
        var counts = new long[UpperBoundsUs.Length + 1];
        long late = 0;
        foreach (long ns in latenessNs)
        {
            counts[BucketOf(ns)]++;
            if (ns > periodNs)
            {
                late++;
            }
        }

        long[] sorted = latenessNs.ToArray();
        Array.Sort(sorted);
        var buckets = new HistogramBucket[counts.Length];
        for (int b = 0; b < counts.Length; b++)
        {
            buckets[b] = new HistogramBucket(Label(b), counts[b]);
        }

        return new LatenessHistogram
        {
            Count = sorted.Length,
            Buckets = buckets,
            LateOverPeriod = late,
            LatePer10k = sorted.Length == 0 ? null : late * 10_000.0 / sorted.Length,
            P50Us = Quantile(sorted, 0.5),
            P99Us = Quantile(sorted, 0.99),
            P999Us = Quantile(sorted, 0.999),
            MaxUs = sorted.Length == 0 ? null : sorted[^1] / 1e3,
        };
    }

    /// <summary>The bucket of a lateness of <paramref name="latenessNs"/> (a negative lateness — an early wake — is in the first).</summary>
    public static int BucketOf(long latenessNs)
    {
        for (int b = 0; b < UpperBoundsUs.Length; b++)
        {
            if (latenessNs < UpperBoundsUs[b] * 1_000)
            {
                return b;
            }
        }

        return UpperBoundsUs.Length;
    }

    /// <summary>The label of bucket <paramref name="bucket"/>: "&lt; 50 us", "50-100 us", …, "&gt;= 20 ms".</summary>
    public static string Label(int bucket) => bucket switch
    {
        0 => $"< {Format(UpperBoundsUs[0])}",
        _ when bucket == UpperBoundsUs.Length => $">= {Format(UpperBoundsUs[^1])}",
        _ => $"{Format(UpperBoundsUs[bucket - 1])}-{Format(UpperBoundsUs[bucket])}",
    };

    private static string Format(long us) => us >= 1_000 ? $"{us / 1_000} ms" : $"{us} us";

    /// <summary>Nearest-rank quantile of sorted nanoseconds, µs; null when empty.</summary>
    private static double? Quantile(long[] sorted, double q) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)] / 1e3;
}
