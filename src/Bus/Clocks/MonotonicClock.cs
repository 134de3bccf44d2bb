using System.Diagnostics;

namespace RobotEdge.Bus.Clocks;

/// <summary>
/// The real clock: <see cref="Stopwatch.GetTimestamp"/> (CLOCK_MONOTONIC on Linux, QPC on Windows)
/// converted to nanoseconds. Stateless, so one shared <see cref="Instance"/> serves every thread.
/// </summary>
public sealed class MonotonicClock : IClock
{
    private const long NsPerSecond = 1_000_000_000;

    /// <summary>
    /// Largest tick frequency for which <c>remainder * NsPerSecond</c> (remainder &lt; frequency)
    /// fits in a long, about 9.2 GHz; real counters run at 1 GHz or less.
    /// </summary>
    private const long MaxFrequencyForLongMath = long.MaxValue / NsPerSecond;

    /// <summary>Ticks per second of the stopwatch counter; fixed for the life of the process.</summary>
    private static readonly long s_frequency = Stopwatch.Frequency;

    private MonotonicClock()
    {
    }

    /// <summary>The process-wide instance.</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <summary>
    /// Whether timestamps are CLOCK_MONOTONIC nanoseconds as the kernel counts them (true on Linux,
    /// where .NET's Stopwatch reads that clock at 1 GHz), so that absolute kernel waits on
    /// CLOCK_MONOTONIC use the same time base.
    /// </summary>
    public static bool UsesClockMonotonicNanoseconds { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == NsPerSecond;

    /// <inheritdoc />
    public long NowNs => GetTimestampNs();

    /// <summary>
    /// Current monotonic time in nanoseconds. Any thread; real-time safe (no allocation, no
    /// blocking, no lock). On Linux the counter already runs at 1 GHz and its ticks are returned as
    /// they are; elsewhere they are converted exactly (floor of ticks · 10⁹ / frequency) without
    /// overflowing for any uptime whose nanosecond count fits in a long (about 292 years).
    /// </summary>
    public static long GetTimestampNs()
    {
        long ticks = Stopwatch.GetTimestamp();

        // s_frequency is a static readonly, so the tiered JIT folds this test to a constant.
        return s_frequency == NsPerSecond ? ticks : TicksToNs(ticks, s_frequency);
    }

    /// <summary>
    /// Converts a non-negative tick count at <paramref name="frequency"/> ticks per second to
    /// nanoseconds, rounding down. The obvious <c>ticks * 10⁹ / frequency</c> overflows after about
    /// 15 minutes at a 10 MHz counter, so whole seconds and the remainder are scaled separately.
    /// </summary>
    internal static long TicksToNs(long ticks, long frequency)
    {
        Debug.Assert(frequency > 0, "A stopwatch frequency is positive.");

        if (frequency == NsPerSecond)
        {
            return ticks;
        }

        long seconds = Math.DivRem(ticks, frequency, out long remainder);
        long fractionNs = frequency <= MaxFrequencyForLongMath
            ? remainder * NsPerSecond / frequency
            : (long)((Int128)remainder * NsPerSecond / frequency);
        return seconds * NsPerSecond + fractionNs;
    }
}
