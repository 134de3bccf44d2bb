using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Timing;

namespace RobotEdge.Host.Benchmarks.RealTime;

/// <summary>
/// The machine's own floor, measured the way <c>cyclictest -m -p 40 -i 2000</c> does: one thread at the
/// control loop's SCHED_FIFO priority that sleeps until an absolute time on the monotonic clock with
/// the same call the loop uses (<see cref="PreciseWait"/>), once per period, and does nothing else. A
/// wake more than one period late skips the missed slots exactly as the control loop does, so the two
/// counts compare like for like. Every buffer is allocated before the thread starts; the thread
/// allocates nothing.
/// </summary>
public static class WakeupProbe
{
    /// <summary>The probe thread's name (the kernel keeps 15 characters).</summary>
    public const string ThreadName = "rtbench-probe";

    /// <summary>Runs <paramref name="wakeups"/> wake-ups at <paramref name="periodNs"/> under SCHED_FIFO <paramref name="priority"/> and returns them.</summary>
    public static ProbeRun Run(long periodNs, int wakeups, int priority)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(periodNs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wakeups);
        var dueNs = new long[wakeups];
        var wokeNs = new long[wakeups];
        bool realtime = false;
        int tid = 0;
        var thread = new Thread(() =>
        {
            realtime = RealtimeScheduling.TryElevateCurrentThread(priority);
            tid = OperatingSystem.IsLinux() ? ProcFiles.CurrentThreadId() : 0;
            long next = MonotonicClock.GetTimestampNs() + periodNs;
            for (int i = 0; i < wakeups; i++)
            {
                PreciseWait.Until(next);
                long now = MonotonicClock.GetTimestampNs();
                dueNs[i] = next;
                wokeNs[i] = now;
                // As the control loop: after an overrun the next slot is one period from now.
                next = now - next > periodNs ? now + periodNs : next + periodNs;
            }
        }) { Name = ThreadName, IsBackground = true, Priority = ThreadPriority.Highest };
        thread.Start();
        thread.Join();
        return new ProbeRun(periodNs, dueNs, wokeNs, realtime, tid);
    }
}

/// <summary>What a <see cref="WakeupProbe"/> run recorded.</summary>
/// <param name="PeriodNs">Its period, ns.</param>
/// <param name="DueNs">Per wake-up, when it was due (monotonic ns).</param>
/// <param name="WokeNs">Per wake-up, when the thread ran again.</param>
/// <param name="Realtime">Whether the thread got SCHED_FIFO.</param>
/// <param name="ThreadId">Its kernel thread id (0 off Linux).</param>
public sealed record ProbeRun(long PeriodNs, long[] DueNs, long[] WokeNs, bool Realtime, int ThreadId)
{
    /// <summary>Per wake-up, its lateness, ns.</summary>
    public long[] LatenessNs() => [.. DueNs.Select((due, i) => WokeNs[i] - due)];
}
