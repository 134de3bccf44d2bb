using RobotEdge.Bus.Clocks;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Waits until a time on the real monotonic clock: sleeps while more than ~1.5 ms remain (the
/// kernel's sleep granularity is about 1 ms), then yields the core until the time comes, so that a
/// 500 Hz loop keeps sub-millisecond jitter without burning a core.
/// </summary>
public static class Pacing
{
    private const long SleepThresholdNs = 1_500_000;

    /// <summary>Returns at or shortly after <paramref name="timeNs"/>. Allocation-free.</summary>
    public static void WaitUntil(long timeNs)
    {
        while (true)
        {
            long remaining = timeNs - MonotonicClock.GetTimestampNs();
            if (remaining <= 0)
            {
                return;
            }

            if (remaining > SleepThresholdNs)
            {
                Thread.Sleep((int)((remaining - 1_000_000) / 1_000_000));
            }
            else
            {
                Thread.Yield();
            }
        }
    }
}
